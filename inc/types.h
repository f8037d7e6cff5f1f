// Fixed-width integer types and small arithmetic helpers shared by kernel,
// boot loader and user library.  Freestanding: no libc headers exist here.
#ifndef JOS_INC_TYPES_H
#define JOS_INC_TYPES_H

#ifndef NULL
#define NULL nullptr
#endif

typedef __INT8_TYPE__ int8_t;
typedef __UINT8_TYPE__ uint8_t;
typedef __INT16_TYPE__ int16_t;
typedef __UINT16_TYPE__ uint16_t;
typedef __INT32_TYPE__ int32_t;
typedef __UINT32_TYPE__ uint32_t;
typedef __INT64_TYPE__ int64_t;
typedef __UINT64_TYPE__ uint64_t;

typedef int32_t intptr_t;
typedef uint32_t uintptr_t;
typedef __SIZE_TYPE__ size_t;
typedef int32_t ssize_t;
typedef int32_t off_t;

static_assert(sizeof(void*) == 4, "JOS is a 32-bit kernel: build with -m32");

// Round down / up to a multiple of n (n need not be a power of two).  The
// arithmetic is done in T itself (uintptr_t for a pointer), so a uint64_t
// near 4 GiB rounds up to 4 GiB instead of wrapping to 0.
template <typename T>
struct RoundInt {
	using type = T;
};
template <typename T>
struct RoundInt<T*> {
	using type = uintptr_t;
};
template <typename T>
constexpr T ROUNDDOWN(T a, uint32_t n) {
	using U = typename RoundInt<T>::type;
	return (T)((U)a - (U)a % n);
}
template <typename T>
constexpr T ROUNDUP(T a, uint32_t n) {
	using U = typename RoundInt<T>::type;
	return ROUNDDOWN((T)((U)a + n - 1), n);
}
static_assert(ROUNDUP((uint64_t)0xFFFFFFF1, 16) == 0x100000000ull, "ROUNDUP must not wrap a uint64_t at 4 GiB");
static_assert(ROUNDDOWN(0x1234u, 0x1000) == 0x1000u && ROUNDUP(0x1001u, 0x1000) == 0x2000u, "ROUNDUP/ROUNDDOWN");

template <typename T>
constexpr T MIN(T a, T b) { return a < b ? a : b; }
template <typename T>
constexpr T MAX(T a, T b) { return a > b ? a : b; }

#define offsetof(type, member) __builtin_offsetof(type, member)
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif
