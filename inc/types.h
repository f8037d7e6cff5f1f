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

// Round down / up to a multiple of n (n need not be a power of two).
template <typename T>
constexpr T ROUNDDOWN(T a, uint32_t n) { return (T)((uint32_t)a - (uint32_t)a % n); }
template <typename T>
constexpr T ROUNDUP(T a, uint32_t n) { return ROUNDDOWN((T)((uint32_t)a + n - 1), n); }

template <typename T>
constexpr T MIN(T a, T b) { return a < b ? a : b; }
template <typename T>
constexpr T MAX(T a, T b) { return a > b ? a : b; }

#define offsetof(type, member) __builtin_offsetof(type, member)
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif
