// vcprintf for user programs (cprintf itself is in lib/printfmt.cc).  The
// kernel prints only what sys_cputs hands it, and every call is a trap, so
// output is gathered on the stack and handed over a line at a time: at a
// newline, when the gathering space is full, and when the call ends.  One
// line is then one sys_cputs, which keeps lines printed by different envs
// from being cut into each other.

#include <inc/lib.h>

namespace {

// Output of one vcprintf call that the kernel has not seen yet.
struct PendingOutput {
	static constexpr int kCapacity = 256;  // a line longer than this goes out in pieces
	char text[kCapacity];
	int pending = 0;  // bytes of text not yet given to sys_cputs
	int total = 0;    // bytes formatted by this call: vcprintf's result

	void hand_over() {
		if (pending != 0)
			sys_cputs(text, pending);
		pending = 0;
	}
};

// vprintfmt's character sink.
void gather(int ch, void* sink) {
	PendingOutput* out = (PendingOutput*)sink;
	out->text[out->pending++] = (char)ch;
	out->total++;
	if (ch == '\n' || out->pending == PendingOutput::kCapacity)
		out->hand_over();
}

}  // namespace

int vcprintf(const char* fmt, va_list ap) {
	PendingOutput out;
	vprintfmt(gather, &out, fmt, ap);
	out.hand_over();
	return out.total;
}
