// echo: print the arguments, separated by one space, then a newline (none
// with -n).  The first env gets arguments from `make run-echo-nox ARGS=...`.

#include <inc/lib.h>

void umain(int argc, char** argv) {
	bool newline = true;
	int i = 1;
	if (i < argc && strcmp(argv[i], "-n") == 0) {
		newline = false;
		i++;
	}
	for (int first = i; i < argc; i++)
		cprintf(i == first ? "%s" : " %s", argv[i]);
	if (newline)
		cprintf("\n");
}
