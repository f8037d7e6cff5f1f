// Line input with echo and backspace, for the kernel monitor and user
// programs.  A line longer than the buffer is refused character by
// character with a bell, never silently truncated after the fact.

#include <inc/error.h>
#include <inc/stdio.h>

#define BUFLEN 1024
static char buf[BUFLEN];

char* readline(const char* prompt) {
	if (prompt != nullptr)
		cprintf("%s", prompt);

	int i = 0;
	bool echoing = iscons(0);
	for (;;) {
		int c = getchar();
		if (c < 0) {
			if (c != -E_EOF)
				cprintf("read error: %s\n", errstr(c));
			return nullptr;
		} else if ((c == '\b' || c == '\x7f') && i > 0) {
			if (echoing) {
				cputchar('\b');
				cputchar(' ');
				cputchar('\b');
			}
			i--;
		} else if (c >= ' ' && c != '\x7f') {
			if (i >= BUFLEN - 1) {
				cputchar('\a');  // line full
				continue;
			}
			if (echoing)
				cputchar(c);
			buf[i++] = c;
		} else if (c == '\n' || c == '\r') {
			if (echoing)
				cputchar('\n');
			buf[i] = 0;
			return buf;
		}
	}
}
