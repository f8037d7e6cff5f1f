// String and memory routines for a world without libc.  The compiler may
// also emit calls to memcpy/memset/memmove/memcmp, so they have C linkage.

#include <inc/string.h>

extern "C" {

int strlen(const char* s) {
	int n = 0;
	while (s[n] != '\0')
		n++;
	return n;
}

int strnlen(const char* s, size_t size) {
	int n = 0;
	while (size-- > 0 && s[n] != '\0')
		n++;
	return n;
}

char* strcpy(char* dst, const char* src) {
	char* ret = dst;
	while ((*dst++ = *src++) != '\0')
		;
	return ret;
}

char* strcat(char* dst, const char* src) {
	strcpy(dst + strlen(dst), src);
	return dst;
}

char* strncpy(char* dst, const char* src, size_t size) {
	char* ret = dst;
	for (size_t i = 0; i < size; i++) {
		*dst++ = *src;
		if (*src != '\0')  // pad with NULs once src ends
			src++;
	}
	return ret;
}

size_t strlcpy(char* dst, const char* src, size_t size) {
	char* dst_in = dst;
	if (size > 0) {
		while (--size > 0 && *src != '\0')
			*dst++ = *src++;
		*dst = '\0';
	}
	return dst - dst_in;
}

int strcmp(const char* p, const char* q) {
	while (*p && *p == *q)
		p++, q++;
	return (int)((unsigned char)*p - (unsigned char)*q);
}

int strncmp(const char* p, const char* q, size_t n) {
	while (n > 0 && *p && *p == *q)
		n--, p++, q++;
	if (n == 0)
		return 0;
	return (int)((unsigned char)*p - (unsigned char)*q);
}

char* strchr(const char* s, int c) {
	for (; *s; s++)
		if (*s == c)
			return (char*)s;
	return nullptr;
}

char* strfind(const char* s, int c) {
	for (; *s; s++)
		if (*s == c)
			break;
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
	const uint8_t* s1 = (const uint8_t*)v1;
	const uint8_t* s2 = (const uint8_t*)v2;
	for (; n-- > 0; s1++, s2++)
		if (*s1 != *s2)
			return (int)*s1 - (int)*s2;
	return 0;
}

void* memfind(const void* s, int c, size_t n) {
	const unsigned char* p = (const unsigned char*)s;
	const unsigned char* end = p + n;
	for (; p < end; p++)
		if (*p == (unsigned char)c)
			break;
	return (void*)p;
}

long strtol(const char* s, char** endptr, int base) {
	int neg = 0;
	long val = 0;
	while (*s == ' ' || *s == '\t')
		s++;
	if (*s == '+')
		s++;
	else if (*s == '-')
		s++, neg = 1;
	if ((base == 0 || base == 16) && (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')))
		s += 2, base = 16;
	else if (base == 0 && s[0] == '0')
		s++, base = 8;
	else if (base == 0)
		base = 10;
	for (;; s++) {
		int dig;
		if (*s >= '0' && *s <= '9')
			dig = *s - '0';
		else if (*s >= 'a' && *s <= 'z')
			dig = *s - 'a' + 10;
		else if (*s >= 'A' && *s <= 'Z')
			dig = *s - 'A' + 10;
		else
			break;
		if (dig >= base)
			break;
		val = (val * base) + dig;
	}
	if (endptr)
		*endptr = (char*)s;
	return (neg ? -val : val);
}

}  // extern "C"
