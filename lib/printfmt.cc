// The one printf engine, shared by the kernel's cprintf, the user library's
// cprintf and snprintf.  It only formats: characters go one at a time to a
// caller's putch, so this file never touches a device, a lock or memory it
// was not given.
//
// Conversions are C's %d %i %u %x %o %p %s %c %% plus JOS's %e, which
// prints an error code (an int, E_* or -E_*) by name.  A conversion is
// read into a Spec (flags, width, precision, length) first and then
// printed by one function per family; all of them end in put_field, so
// width and '-' mean the same everywhere.  Since the compiler believes %e
// takes a double, code in this tree writes errstr(r) with %s instead.

#include <inc/error.h>
#include <inc/stdarg.h>
#include <inc/stdio.h>
#include <inc/string.h>
#include <inc/types.h>

// Codes come negated from system calls and plain from E_*: either is
// fine.  Unsigned negation, so INT_MIN does not overflow.
static unsigned error_magnitude(int code) {
	return code < 0 ? 0u - (unsigned)code : (unsigned)code;
}

// The message for an error code, or nullptr for a code the ABI lacks.
static const char* error_name(int code) {
	switch (error_magnitude(code)) {
	case E_UNSPECIFIED: return "unspecified error";
	case E_BAD_ENV: return "bad environment";
	case E_INVAL: return "invalid parameter";
	case E_NO_MEM: return "out of memory";
	case E_NO_FREE_ENV: return "out of environments";
	case E_FAULT: return "segmentation fault";
	case E_IPC_NOT_RECV: return "env is not recving";
	case E_EOF: return "unexpected end of file";
	default: return nullptr;
	}
}

const char* errstr(int err) {
	const char* name = error_name(err);
	return name != nullptr ? name : "unknown error";
}

namespace {

// Where the characters go.
struct Out {
	void (*putch)(int, void*);
	void* data;

	void put(char c) const { putch(c, data); }
	void put(const char* s, int n) const {
		for (int i = 0; i < n; i++)
			put(s[i]);
	}
	void repeat(char c, int n) const {
		for (; n > 0; n--)
			put(c);
	}
};

// The size an integer argument was passed at (h, hh, l, ll).  Anything
// shorter than int arrives as an int and is cut down after the fetch.
enum class Length { Char, Short, Int, Long, LongLong };

// One conversion: %[flags][width][.precision][length]conv.
struct Spec {
	bool left = false;   // '-': pad on the right
	bool zero = false;   // '0': pad numbers with zeros after the sign or 0x
	bool alt = false;    // '#': 0x before nonzero hex, a leading 0 in octal
	char sign = '\0';    // '+' or ' ' before a nonnegative signed number
	int width = 0;
	int precision = -1;  // -1: none; strings: most chars; integers: fewest digits
	Length length = Length::Int;
	char conv = '\0';
};

// A run of decimal digits at s into *value; returns the first non-digit.
const char* parse_decimal(const char* s, int* value) {
	int v = 0;
	for (; *s >= '0' && *s <= '9'; s++)
		v = v * 10 + (*s - '0');
	*value = v;
	return s;
}

// Read the conversion that starts after a '%'.  Returns where the format
// goes on, and takes the arguments a '*' asks for.  At the end of the
// format spec.conv is '\0' and the result points at the terminator.
const char* parse_spec(const char* s, Spec* spec, va_list& ap) {
	for (;; s++) {
		if (*s == '-')
			spec->left = true;
		else if (*s == '0')
			spec->zero = true;
		else if (*s == '#')
			spec->alt = true;
		else if (*s == '+')
			spec->sign = '+';
		else if (*s == ' ' && spec->sign != '+')
			spec->sign = ' ';
		else
			break;
	}

	// As in C, a negative '*' width is the '-' flag with that width.
	if (*s == '*') {
		int w = va_arg(ap, int);
		s++;
		if (w < 0) {
			spec->left = true;
			w = -w;
		}
		spec->width = w;
	} else {
		s = parse_decimal(s, &spec->width);
	}

	// A '.' alone is precision 0, and a negative '*' precision is none.
	if (*s == '.') {
		s++;
		if (*s == '*') {
			int p = va_arg(ap, int);
			s++;
			spec->precision = p < 0 ? -1 : p;
		} else {
			s = parse_decimal(s, &spec->precision);
		}
	}

	if (*s == 'h') {
		s++;
		spec->length = Length::Short;
		if (*s == 'h') {
			s++;
			spec->length = Length::Char;
		}
	} else if (*s == 'l') {
		s++;
		spec->length = Length::Long;
		if (*s == 'l') {
			s++;
			spec->length = Length::LongLong;
		}
	}

	spec->conv = *s;
	return *s != '\0' ? s + 1 : s;
}

// Every conversion ends here.  The field is prefix, then `zeros` zeros,
// then body, padded with spaces to the width: on the left, or on the
// right for '-'.
void put_field(const Out& out, const Spec& spec, const char* prefix, int zeros, const char* body, int len) {
	int plen = strlen(prefix);
	int fill = spec.width - plen - zeros - len;
	if (!spec.left)
		out.repeat(' ', fill);
	out.put(prefix, plen);
	out.repeat('0', zeros);
	out.put(body, len);
	if (spec.left)
		out.repeat(' ', fill);
}

// mag in base, after prefix (a sign or "0x").  The precision is the least
// number of digits, and precision 0 prints 0 as no digits at all; without
// a precision '0' widens the zeros to fill the field.  Zeros are zeros
// for the '#' of octal too: C's rule is that its first digit is a 0.
void put_number(const Out& out, const Spec& spec, unsigned long long mag, unsigned base, const char* prefix) {
	char buf[22];  // 2^64 - 1 in octal is 22 digits
	int n = 0;
	if (mag != 0 || spec.precision != 0) {
		do {
			buf[sizeof(buf) - 1 - n++] = "0123456789abcdef"[mag % base];
			mag /= base;
		} while (mag != 0);
	}
	const char* digits = buf + sizeof(buf) - n;

	int zeros = spec.precision > n ? spec.precision - n : 0;
	if (base == 8 && spec.alt && zeros == 0 && (n == 0 || digits[0] != '0'))
		zeros = 1;
	if (spec.zero && !spec.left && spec.precision < 0) {
		int room = spec.width - (int)strlen(prefix) - n;
		if (room > zeros)
			zeros = room;
	}
	put_field(out, spec, prefix, zeros, digits, n);
}

// Fetch an integer argument of spec's length, widened to 64 bits.  Short
// lengths are cut down here, since they were passed as an int.
long long fetch_signed(va_list& ap, Length length) {
	switch (length) {
	case Length::Char: return (signed char)va_arg(ap, int);
	case Length::Short: return (short)va_arg(ap, int);
	case Length::Int: return va_arg(ap, int);
	case Length::Long: return va_arg(ap, long);
	case Length::LongLong: return va_arg(ap, long long);
	}
	return 0;
}

unsigned long long fetch_unsigned(va_list& ap, Length length) {
	switch (length) {
	case Length::Char: return (unsigned char)va_arg(ap, unsigned);
	case Length::Short: return (unsigned short)va_arg(ap, unsigned);
	case Length::Int: return va_arg(ap, unsigned);
	case Length::Long: return va_arg(ap, unsigned long);
	case Length::LongLong: return va_arg(ap, unsigned long long);
	}
	return 0;
}

// %d: the magnitude is negated as unsigned, so the most negative value
// of each length prints without overflow.
void put_signed(const Out& out, const Spec& spec, long long v) {
	char sign[2] = {v < 0 ? '-' : spec.sign, '\0'};
	unsigned long long mag = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
	put_number(out, spec, mag, 10, sign);
}

// %x: '#' writes 0x only before a nonzero value, as C does.
void put_hex(const Out& out, const Spec& spec, unsigned long long v) {
	put_number(out, spec, v, 16, spec.alt && v != 0 ? "0x" : "");
}

// %p: always 0x, then as few hex digits as the value needs (0x0 for a null
// pointer); the trap frame line `TRAP frame at 0xf...` is read this way.
void put_pointer(const Out& out, Spec spec, const void* p) {
	spec.alt = false;
	put_number(out, spec, (uintptr_t)p, 16, "0x");
}

// %s: the precision is the most characters taken from s.
void put_string(const Out& out, const Spec& spec, const char* s) {
	if (s == nullptr)
		s = "(null)";
	int len = spec.precision >= 0 ? strnlen(s, spec.precision) : strlen(s);
	put_field(out, spec, "", 0, s, len);
}

void put_char(const Out& out, const Spec& spec, int c) {
	char ch = (char)c;
	put_field(out, spec, "", 0, &ch, 1);
}

// %e: the name of a code the ABI knows, any other as "error N" with its
// magnitude; either way in the field like a string, never cut short.
void put_error(const Out& out, Spec spec, int code) {
	const char* name = error_name(code);
	char unknown[24];
	if (name == nullptr) {
		snprintf(unknown, sizeof(unknown), "error %u", error_magnitude(code));
		name = unknown;
	}
	spec.precision = -1;
	put_string(out, spec, name);
}

// Print one parsed conversion; false if spec.conv is not one we know.
bool convert(const Out& out, const Spec& spec, va_list& ap) {
	switch (spec.conv) {
	case 'd':
	case 'i':
		put_signed(out, spec, fetch_signed(ap, spec.length));
		return true;
	case 'u':
		put_number(out, spec, fetch_unsigned(ap, spec.length), 10, "");
		return true;
	// @exercise 1.1 octal
	case 'o':
		put_number(out, spec, fetch_unsigned(ap, spec.length), 8, "");
		return true;
	// @stub
	// |	case 'o':
	// |		// Your code here: fetch the argument and print it in base 8.
	// |		(void)fetch_unsigned(ap, spec.length);
	// |		out.put("XXX", 3);
	// |		return true;
	// @end
	case 'x':
		put_hex(out, spec, fetch_unsigned(ap, spec.length));
		return true;
	case 'p':
		put_pointer(out, spec, va_arg(ap, const void*));
		return true;
	case 's':
		put_string(out, spec, va_arg(ap, const char*));
		return true;
	case 'c':
		put_char(out, spec, va_arg(ap, int));
		return true;
	case 'e':
		put_error(out, spec, va_arg(ap, int));
		return true;
	case '%':
		out.put('%');
		return true;
	default:
		return false;
	}
}

}  // namespace

void vprintfmt(void (*putch)(int, void*), void* putdat, const char* fmt, va_list ap) {
	// A copy of ap that the helpers advance by reference; ap itself is
	// the caller's and stays as it was.
	va_list args;
	va_copy(args, ap);
	Out out = {putch, putdat};
	const char* s = fmt;
	while (*s != '\0') {
		if (*s != '%') {
			out.put(*s++);
			continue;
		}
		Spec spec;
		const char* next = parse_spec(s + 1, &spec, args);
		if (convert(out, spec, args)) {
			s = next;
		} else {
			// Unknown: print the '%' and go on with what follows it as
			// plain text, so a typo shows up in the output verbatim.
			out.put('%');
			s++;
		}
	}
	va_end(args);
}

void printfmt(void (*putch)(int, void*), void* putdat, const char* fmt, ...) {
	va_list ap;
	va_start(ap, fmt);
	vprintfmt(putch, putdat, fmt, ap);
	va_end(ap);
}

// cprintf for kernel and user alike: each side defines its own vcprintf
// (kern/printf.cc, lib/printf.cc).
int cprintf(const char* fmt, ...) {
	va_list ap;
	va_start(ap, fmt);
	int cnt = vcprintf(fmt, ap);
	va_end(ap);
	return cnt;
}

namespace {

// snprintf's sink: stores while there is room (one byte is kept for the
// NUL) and counts everything, stored or not.
struct BoundedBuffer {
	char* next;
	char* last;  // where the NUL goes
	int total;
};

void bounded_put(int ch, void* p) {
	BoundedBuffer* b = (BoundedBuffer*)p;
	b->total++;
	if (b->next < b->last)
		*b->next++ = (char)ch;
}

void discard_put(int, void* p) {
	(*(int*)p)++;
}

}  // namespace

// C's vsnprintf: the output is cut to size - 1 bytes and NUL-terminated,
// and the return value is the length the whole output would have had, so a
// caller sees truncation by comparing it with size.  Size 0 writes nothing
// (buf may then be null) and still returns that length.
int vsnprintf(char* buf, int size, const char* fmt, va_list ap) {
	if (size < 0 || (size > 0 && buf == nullptr))
		return -E_INVAL;
	if (size == 0) {
		int total = 0;
		vprintfmt(discard_put, &total, fmt, ap);
		return total;
	}
	BoundedBuffer b = {buf, buf + size - 1, 0};
	vprintfmt(bounded_put, &b, fmt, ap);
	*b.next = '\0';
	return b.total;
}

int snprintf(char* buf, int size, const char* fmt, ...) {
	va_list ap;
	va_start(ap, fmt);
	int rc = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return rc;
}
