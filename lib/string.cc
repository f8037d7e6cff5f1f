// The C string and memory routines, for kernel and user library alike
// (there is no libc).  They keep the C standard's contracts; strfind,
// memfind and strlcpy are the kernel's own additions.  GCC may call
// memcpy, memmove, memset and memcmp on its own, hence the C linkage.

#include <inc/string.h>

namespace {

// Compare as unsigned char, as the standard requires: 0xe9 sorts after 'a'.
int byte_order(char a, char b) { return (int)(unsigned char)a - (int)(unsigned char)b; }

}  // namespace

extern "C" {

int strlen(const char* s) {
	const char* end = s;
	while (*end != '\0')
		++end;
	return end - s;
}

int strnlen(const char* s, size_t size) {
	size_t len = 0;
	for (; len < size && s[len] != '\0'; ++len) {
	}
	return len;
}

char* strcpy(char* dst, const char* src) {
	size_t i = 0;
	do
		dst[i] = src[i];
	while (src[i++] != '\0');
	return dst;
}

char* strcat(char* dst, const char* src) {
	strcpy(dst + strlen(dst), src);
	return dst;
}

// Exactly size bytes are written: src's characters, then NULs to fill.
// A src of size characters or more leaves dst unterminated (C semantics).
char* strncpy(char* dst, const char* src, size_t size) {
	size_t copied = strnlen(src, size);
	memmove(dst, src, copied);
	memset(dst + copied, '\0', size - copied);
	return dst;
}

// Copy at most size-1 characters and always terminate (when size > 0).
// Returns how many characters were copied, so a result of size-1 may
// mean src was cut short.
size_t strlcpy(char* dst, const char* src, size_t size) {
	if (size == 0)
		return 0;
	size_t copied = strnlen(src, size - 1);
	memmove(dst, src, copied);
	dst[copied] = '\0';
	return copied;
}

int strcmp(const char* p, const char* q) {
	size_t i = 0;
	while (p[i] != '\0' && p[i] == q[i])
		++i;
	return byte_order(p[i], q[i]);
}

int strncmp(const char* p, const char* q, size_t n) {
	for (size_t i = 0; i < n; ++i)
		if (p[i] != q[i] || p[i] == '\0')
			return byte_order(p[i], q[i]);
	return 0;
}

// As in C, the terminator itself can be found: strchr(s, 0) is s's end.
char* strchr(const char* s, int c) {
	char* at = strfind(s, c);
	return *at == (char)c ? at : nullptr;
}

// The first c in s, or s's terminating NUL if there is none.
char* strfind(const char* s, int c) {
	while (*s != '\0' && *s != (char)c)
		++s;
	return (char*)s;
}

void* memset(void* v, int c, size_t n) {
	// Word stores when everything is aligned: page zeroing is on hot paths.
	if ((uintptr_t)v % 4 == 0 && n % 4 == 0) {
		uint32_t w = (uint8_t)c;
		w |= w << 8;
		w |= w << 16;
		void* d = v;
		size_t words = n / 4;
		asm volatile("cld; rep stosl" : "+D"(d), "+c"(words) : "a"(w) : "cc", "memory");
		return v;
	}
	unsigned char* p = (unsigned char*)v;
	while (n-- > 0)
		*p++ = (unsigned char)c;
	return v;
}

// rep movs with the direction flag set (backward) or clear (forward);
// unit is 4 (movsl) or 1 (movsb).  d and s point at the first unit to move.
// Each copy sets the flag itself and is one asm statement, so no compiled
// code runs with the flag set, and a copy is right even if the flag was left
// set (a fault in the middle of a backward copy runs the page-fault handler
// with the faulting flags).
static inline void rep_movs(void* d, const void* s, size_t count, int unit, bool backward) {
	if (backward && unit == 4)
		asm volatile("std; rep movsl; cld" : "+D"(d), "+S"(s), "+c"(count) : : "cc", "memory");
	else if (backward)
		asm volatile("std; rep movsb; cld" : "+D"(d), "+S"(s), "+c"(count) : : "cc", "memory");
	else if (unit == 4)
		asm volatile("cld; rep movsl" : "+D"(d), "+S"(s), "+c"(count) : : "cc", "memory");
	else
		asm volatile("cld; rep movsb" : "+D"(d), "+S"(s), "+c"(count) : : "cc", "memory");
}

void* memmove(void* dst, const void* src, size_t n) {
	const char* s = (const char*)src;
	char* d = (char*)dst;
	bool words = (uintptr_t)s % 4 == 0 && (uintptr_t)d % 4 == 0 && n % 4 == 0;
	int unit = words ? 4 : 1;
	if (s < d && s + n > d)  // overlap with dst above src: copy backwards
		rep_movs(d + n - unit, s + n - unit, n / unit, unit, true);
	else
		rep_movs(d, s, n / unit, unit, false);
	return dst;
}

void* memcpy(void* dst, const void* src, size_t n) { return memmove(dst, src, n); }

int memcmp(const void* v1, const void* v2, size_t n) {
	const char* a = (const char*)v1;
	const char* b = (const char*)v2;
	for (size_t i = 0; i < n; ++i)
		if (a[i] != b[i])
			return byte_order(a[i], b[i]);
	return 0;
}

// The first byte c in [s, s+n), or s+n if there is none.
void* memfind(const void* s, int c, size_t n) {
	const unsigned char* bytes = (const unsigned char*)s;
	size_t i = 0;
	while (i < n && bytes[i] != (unsigned char)c)
		++i;
	return (void*)(bytes + i);
}

namespace {

// A character's value as a digit in bases up to 36 ('a' and 'A' are 10);
// 36 for anything that is a digit in no base.
int digit_value(char c) {
	if (c >= '0' && c <= '9')
		return c - '0';
	char lower = c | 0x20;
	if (lower >= 'a' && lower <= 'z')
		return lower - 'a' + 10;
	return 36;
}

bool is_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

}  // namespace

// C's strtol, except that the value is not clamped on overflow: it is
// accumulated unsigned and wraps, so an address such as "0xf0100000" comes
// back intact after a cast to uintptr_t (long is 32 bits here).  Base 0
// means "from the prefix": 0x hex, 0 octal, else decimal.  With no digits
// at all, *endptr is s itself.
long strtol(const char* s, char** endptr, int base) {
	const char* p = s;
	while (is_space(*p))
		++p;
	bool negative = *p == '-';
	if (*p == '-' || *p == '+')
		++p;

	// "0x" counts as a prefix only when a hex digit follows; in "0xg" the
	// number is the 0.
	bool hex_prefix = p[0] == '0' && (p[1] | 0x20) == 'x' && digit_value(p[2]) < 16;
	if (base == 0)
		base = hex_prefix ? 16 : (p[0] == '0' ? 8 : 10);
	if (base == 16 && hex_prefix)
		p += 2;

	const char* first_digit = p;
	unsigned long magnitude = 0;
	for (int d = digit_value(*p); d < base; d = digit_value(*++p))
		magnitude = magnitude * base + d;

	if (endptr != nullptr)
		*endptr = (char*)(p == first_digit ? s : p);
	return negative ? -(long)magnitude : (long)magnitude;
}

}  // extern "C"
