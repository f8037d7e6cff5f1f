// sendpage: IPC carries a page mapping as well as a value.  The parent sends
// a page holding a question; the child answers in the same page and sends it
// back.  Each side receives the page at its own address.

#include <inc/lib.h>

#define TEMP_ADDR ((char*)0xa00000)
#define TEMP_ADDR_CHILD ((char*)0xb00000)

static const char question[] = "hello child environment! how are you?";
static const char answer[] = "hello parent environment! I'm good";

void umain(int, char**) {
	envid_t who = fork();
	if (who < 0)
		panic("fork: %s", errstr(who));

	if (who == 0) {
		ipc_recv(&who, TEMP_ADDR_CHILD, 0);
		cprintf("%x got message: %s\n", who, TEMP_ADDR_CHILD);
		if (strncmp(TEMP_ADDR_CHILD, question, strlen(question)) == 0)
			cprintf("child received correct message\n");

		memcpy(TEMP_ADDR_CHILD, answer, strlen(answer) + 1);
		ipc_send(who, 0, TEMP_ADDR_CHILD, PTE_P | PTE_W | PTE_U);
		return;
	}

	int r;
	if ((r = sys_page_alloc(0, TEMP_ADDR, PTE_P | PTE_W | PTE_U)) < 0)
		panic("sys_page_alloc: %s", errstr(r));
	memcpy(TEMP_ADDR, question, strlen(question) + 1);
	ipc_send(who, 0, TEMP_ADDR, PTE_P | PTE_W | PTE_U);

	ipc_recv(&who, TEMP_ADDR, 0);
	cprintf("%x got message: %s\n", who, TEMP_ADDR);
	if (strncmp(TEMP_ADDR, answer, strlen(answer)) == 0)
		cprintf("parent received correct message\n");
}
