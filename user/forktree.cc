// forktree: fork must work from an env that was itself made by fork, level
// after level.  The envs form a binary tree three levels below the first
// one; each is named by its path from the root (a '0' step is the first
// child, a '1' step the second), says `%04x: I am '<path>'`, and an env whose
// path is still short makes its own two children.

#include <inc/lib.h>

static const int kTreeHeight = 3;

// Fork this env's two children.  In a child, extend path with its step and
// return true (it goes on to announce itself); in the parent return false
// once both exist.
static bool branch(char* path, int len) {
	const char steps[] = "01";
	for (int i = 0; steps[i] != '\0'; i++) {
		envid_t id = fork();
		if (id < 0)
			panic("forktree: fork below '%s' failed: %s", path, errstr(id));
		if (id == 0) {
			path[len] = steps[i];
			path[len + 1] = '\0';
			return true;
		}
	}
	return false;
}

void umain(int, char**) {
	char path[kTreeHeight + 1] = {};
	int len = 0;
	for (;;) {
		cprintf("%04x: I am '%s'\n", sys_getenvid(), path);
		if (len == kTreeHeight || !branch(path, len))
			return;
		len++;
	}
}
