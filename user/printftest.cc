// printftest: runs the shared printf engine (lib/printfmt.cc) through one
// case per line, `printftest: FORMAT -> [RESULT]`, for grade-lab3 to
// compare with C's printf semantics.  The grader holds the same list of
// cases in the same order; a case added here must be added there.

#include <inc/lib.h>

// The format is a parameter, not a literal, so the compiler does not check
// it: %e takes an int here (gcc thinks it takes a double), and a few cases
// are deliberately odd.  Every argument below is cast to the exact type its
// conversion reads, since nothing else would catch a mismatch.
static void show(const char* fmt, ...) {
	char buf[128];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	cprintf("printftest: %s -> [%s]\n", fmt, buf);
}

// snprintf into a buffer of `size` bytes that starts out as "xyz": the
// line shows the return value (the length the whole output would have)
// and what the buffer holds afterwards.
static void show_snprintf(int size, const char* what) {
	char buf[16] = "xyz";
	int r = snprintf(buf, size, "%s", what);
	cprintf("printftest: snprintf(%d, \"%s\") -> [%d \"%s\"]\n", size, what, r, buf);
}

void umain(int, char**) {
	const int int_min = -2147483647 - 1;
	const long long llong_min = -9223372036854775807LL - 1;

	// Integers in each base, and 0 in each.
	show("%d", 42);
	show("%i", -42);
	show("%d", int_min);
	show("%u", 3000000000u);
	show("%u", -1);
	show("%x", 0xdeadbeefu);
	show("%o", 6828u);
	show("%d", 0);
	show("%u", 0u);
	show("%x", 0u);
	show("%o", 0u);

	// Width, '-', '0', '*' (a negative '*' width means '-').
	show("%5d", 42);
	show("%-5d", 42);
	show("%05d", -42);
	show("%-05d", 42);
	show("%*d", 6, 42);
	show("%*d", -6, 42);
	show("%08x", 0xbeefu);
	show("%+d", 5);
	show("% d", 5);

	// Precision on integers: a minimum digit count; it turns '0' off.
	show("%.3d", 7);
	show("%8.3d", -7);
	show("%08.3d", -7);
	show("%.0d", 0);

	// The alternate form.
	show("%#x", 255u);
	show("%#010x", 255u);
	show("%#x", 0u);
	show("%#o", 8u);
	show("%#o", 0u);

	// Length modifiers.
	show("%ld", -123456789L);
	show("%lu", 4000000000UL);
	show("%lld", -9000000000LL);
	show("%lld", llong_min);
	show("%llu", 18446744073709551615ULL);
	show("%llx", 0x123456789abcdefULL);
	show("%llo", 01777777777777777777777ULL);
	show("%hd", 70000);
	show("%hhu", 257u);

	// Strings and characters.
	show("%s", "hello");
	show("%10s", "hello");
	show("%-10s", "hello");
	show("%.3s", "hello");
	show("%.0s", "hello");
	show("%.10s", "hi");
	show("%*.*s", 6, 2, "hello");
	show("%.*s", -1, "hello");
	show("%s", (const char*)nullptr);
	show("%c", 'A');
	show("%3c", 'z');
	show("%-3c", 'z');
	show("%s=%d%c", "x", 3, '!');
	show("100%% sure");

	// Pointers, error names, an unknown conversion.
	show("%p", (void*)0xf0123456);
	show("%p", (void*)0x1000);
	show("%p", (void*)nullptr);
	show("%e", -E_NO_MEM);
	show("%e", E_INVAL);
	show("%e", -99);
	show("%y", 1);

	// snprintf: C's truncation and return value.
	show_snprintf(8, "hello, world");
	show_snprintf(13, "hello, world");
	show_snprintf(1, "hello, world");
	show_snprintf(0, "hello, world");

	cprintf("printftest: done\n");
}
