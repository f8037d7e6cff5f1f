// cprintf's kernel half: vprintfmt formats, and each character it produces
// goes straight to the console.  The count is cprintf's return value.

#include <inc/stdarg.h>
#include <inc/stdio.h>
#include <inc/types.h>

namespace {
struct ConsoleSink {
	int written = 0;
};

void emit(int ch, void* sink) {
	cputchar(ch);
	static_cast<ConsoleSink*>(sink)->written += 1;
}
}  // namespace

int vcprintf(const char* fmt, va_list ap) {
	ConsoleSink sink;
	vprintfmt(emit, &sink, fmt, ap);
	return sink.written;
}
