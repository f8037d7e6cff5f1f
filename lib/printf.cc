// The user cprintf: output collects in a buffer on the stack and goes to
// the console through sys_cputs at each newline, when the buffer fills,
// and at the end of the call, so a line is one system call and lines from
// different envs do not interleave mid-line.

#include <inc/lib.h>

struct printbuf {
	int idx;  // bytes in buf
	int cnt;  // bytes printed in all
	char buf[256];
};

static void flush(printbuf* b) {
	if (b->idx > 0)
		sys_cputs(b->buf, b->idx);
	b->idx = 0;
}

static void putch(int ch, void* p) {
	printbuf* b = (printbuf*)p;
	b->buf[b->idx++] = ch;
	b->cnt++;
	if (ch == '\n' || b->idx == (int)sizeof(b->buf))
		flush(b);
}

int vcprintf(const char* fmt, va_list ap) {
	printbuf b;
	b.idx = 0;
	b.cnt = 0;
	vprintfmt(putch, &b, fmt, ap);
	flush(&b);
	return b.cnt;
}
