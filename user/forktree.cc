// forktree: fork from forked children.  Every env is named by its path in a
// binary tree ("" is the root, "01" the second child of the first child);
// each prints its name and forks two children until names are DEPTH long.

#include <inc/lib.h>

#define DEPTH 3

static void forktree(const char* name);

static void forkchild(const char* name, char branch) {
	char child_name[DEPTH + 1];

	if (strlen(name) >= DEPTH)
		return;
	snprintf(child_name, sizeof(child_name), "%s%c", name, branch);
	envid_t r = fork();
	if (r < 0)
		panic("fork: %s", errstr(r));
	if (r == 0) {
		forktree(child_name);
		exit();
	}
}

static void forktree(const char* name) {
	cprintf("%04x: I am '%s'\n", sys_getenvid(), name);
	forkchild(name, '0');
	forkchild(name, '1');
}

void umain(int, char**) {
	forktree("");
}
