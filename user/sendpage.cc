// sendpage: an IPC message can carry a page.  The parent writes a question
// into a fresh page and sends it; the child receives it at an address of its
// own choosing and replies on a page it allocates itself, which the parent
// receives at a third address.  The reply can only reach the parent through
// the page transfer, and each side checks the text, the sender and that a
// page really came with the message.

#include <inc/lib.h>

static const char kQuestion[] = "hello child environment! how are you?";
static const char kAnswer[] = "hello parent environment! I'm good";

static constexpr int kPagePerm = PTE_P | PTE_U | PTE_W;

// Scratch pages, well clear of the program image and the stack.
static char* const kParentOut = (char*)0x10000000;
static char* const kParentIn = (char*)0x10400000;
static char* const kChildIn = (char*)0x20000000;
static char* const kChildOut = (char*)0x20400000;

static void send_text(envid_t to, char* page, const char* text) {
	if (int err = sys_page_alloc(0, page, kPagePerm); err < 0)
		panic("sendpage: sys_page_alloc: %s", errstr(err));
	strcpy(page, text);
	ipc_send(to, 0, page, kPagePerm);
}

// Waits for a page from peer at page, prints it and says whether it is the
// expected text.
static void receive_text(envid_t peer, char* page, const char* expected, const char* role) {
	envid_t sender;
	int perm;
	ipc_recv(&sender, page, &perm);
	if (sender != peer)
		panic("sendpage: message from %08x, not %08x", sender, peer);
	if ((perm & kPagePerm) != kPagePerm)
		panic("sendpage: the message came with perm %x, not a writable page", perm);
	cprintf("%x got message: %s\n", sender, page);
	if (strcmp(page, expected) == 0)
		cprintf("%s received correct message\n", role);
}

void umain(int, char**) {
	envid_t child = fork();
	if (child < 0)
		panic("sendpage: fork: %s", errstr(child));

	if (child == 0) {
		envid_t parent = thisenv->env_parent_id;
		receive_text(parent, kChildIn, kQuestion, "child");
		send_text(parent, kChildOut, kAnswer);
		return;
	}

	send_text(child, kParentOut, kQuestion);
	receive_text(child, kParentIn, kAnswer, "parent");
	if (strcmp(kParentOut, kQuestion) != 0)
		panic("sendpage: the question page changed under the parent");
}
