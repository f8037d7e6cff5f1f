// readline: one line from the console, for the kernel monitor and for user
// programs (each side links its own getchar/cputchar/iscons).  The line is
// edited as it is typed: printable characters are kept and echoed, a
// backspace or DEL rubs out the last one, CR or LF ends the line.  A line
// that fills the buffer takes no more characters (each one rings the
// bell) until it is ended or rubbed out; nothing is cut off unseen.

#include <inc/error.h>
#include <inc/stdio.h>

namespace {

constexpr int kLineMax = 1023;  // characters, not counting the NUL (JOS takes as many)
char line[kLineMax + 1];       // the result: valid until the next call

enum class Key { Enter, Rubout, Text, Other };

Key classify(int c) {
	if (c == '\r' || c == '\n')
		return Key::Enter;
	if (c == '\b' || c == 0x7f)
		return Key::Rubout;
	if (c >= ' ')
		return Key::Text;
	return Key::Other;  // the other control characters: ignored
}

}  // namespace

// The line without its ending, NUL-terminated, in a static buffer; null on
// end of input or a read error (reported, unlike end of input).
char* readline(const char* prompt) {
	if (prompt != nullptr)
		cprintf("%s", prompt);

	// Echo only to a console: the terminal showing the line is ours to draw.
	const bool echo = iscons(0);
	int len = 0;
	for (;;) {
		int c = getchar();
		if (c < 0) {
			if (c != -E_EOF)
				cprintf("readline: cannot read input: %s\n", errstr(c));
			return nullptr;
		}
		switch (classify(c)) {
		case Key::Enter:
			if (echo)
				cputchar('\n');
			line[len] = '\0';
			return line;
		case Key::Rubout:
			if (len == 0)
				break;
			--len;
			if (echo)  // step back, blank the character, step back again
				cprintf("\b \b");
			break;
		case Key::Text:
			if (len == kLineMax) {
				cputchar('\a');
				break;
			}
			line[len++] = (char)c;
			if (echo)
				cputchar(c);
			break;
		case Key::Other:
			break;
		}
	}
}
