// The user library: what every user program includes.  Names and
// signatures are JOS's, so JOS programs port with C-to-C++ touch-ups.
#ifndef JOS_INC_LIB_H
#define JOS_INC_LIB_H

#include <inc/assert.h>
#include <inc/env.h>
#include <inc/error.h>
#include <inc/memlayout.h>
#include <inc/stdarg.h>
#include <inc/stdio.h>
#include <inc/string.h>
#include <inc/syscall.h>
#include <inc/trap.h>
#include <inc/types.h>

// Every program defines this; libmain calls it.
void umain(int argc, char** argv);

// lib/libmain.cc
extern const char* binaryname;
// This env's entry in envs[].  It lives in the top word of the normal user
// stack (lib/entry.S reserves it), so each env has its own even after
// sfork, which shares everything but the stack.
#define thisenv (*(const volatile Env**)(USTACKTOP - sizeof(void*)))
extern const volatile Env envs[NENV];
extern const volatile PageInfo pages[];

// lib/exit.cc
[[noreturn]] void exit(void);

// lib/pgfault.cc
void set_pgfault_handler(void (*handler)(UTrapframe* utf));

// lib/syscall.cc: one wrapper per system call (docs/ABI.md).
void sys_cputs(const char* string, size_t len);
int sys_cgetc(void);
envid_t sys_getenvid(void);
int sys_env_destroy(envid_t);
void sys_yield(void);
int sys_env_set_status(envid_t env, int status);
int sys_env_set_pgfault_upcall(envid_t env, void* upcall);
int sys_page_alloc(envid_t env, void* pg, int perm);
int sys_page_map(envid_t src_env, void* src_pg, envid_t dst_env, void* dst_pg, int perm);
int sys_page_unmap(envid_t env, void* pg);
int sys_ipc_try_send(envid_t to_env, uint32_t value, void* pg, int perm);
int sys_ipc_recv(void* rcv_pg);
int sys_ipc_send(envid_t to_env, uint32_t value, void* pg, int perm);  // extension: blocks until received

// The trap every wrapper goes through, here rather than in lib/syscall.cc
// only because sys_exofork (below) must be compiled into its caller.
namespace syscall_abi {

// cgetc, getenvid and exofork answer with a value.  Every other call
// answers 0 or -E_*, so a positive result from one of those can only be a
// kernel bug, and the wrapper stops the program rather than pass it on.
// cputs is the exception: the report of a broken answer is printed through
// it, so checking it could only recurse.
constexpr bool answers_status(int num) {
	return num != SYS_cgetc && num != SYS_getenvid && num != SYS_exofork && num != SYS_cputs;
}

[[noreturn]] void kernel_broke_contract(int num, int32_t result);

// Argument words: pointers and integers both travel as 32-bit values.
template <typename T>
constexpr uint32_t word(T* p) {
	return (uint32_t)(uintptr_t)p;
}
template <typename T>
constexpr uint32_t word(T v) {
	return (uint32_t)v;
}

// int $0x30: call number in eax, up to five words in edx, ecx, ebx, edi,
// esi (missing ones are 0), the result in eax.  The kernel may read and
// write any user memory, hence the memory clobber.
template <int Num, typename... Args>
__attribute__((always_inline)) inline int32_t syscall(Args... args) {
	static_assert(sizeof...(Args) <= 5, "a system call has at most five argument words");
	const uint32_t a[5] = {word(args)...};
	int32_t result;
	asm volatile("int %1"
		     : "=a"(result)
		     : "i"(T_SYSCALL), "a"(Num), "d"(a[0]), "c"(a[1]), "b"(a[2]), "D"(a[3]), "S"(a[4])
		     : "cc", "memory");
	if constexpr (answers_status(Num))
		if (result > 0)
			kernel_broke_contract(Num, result);
	return result;
}

}  // namespace syscall_abi

// A new child env: its envid to the parent, 0 to the child, or -E_*.
// The child starts running at the instruction after the trap, with the
// parent's registers, but with a stack that is whatever the parent's stack
// holds by the time fork copies it, after fork has gone on to make more
// calls.  Had sys_exofork a frame of its own, the child would return
// through a return address and saved ebp those calls have overwritten.
// Inlined, the child is back in fork's frame at once, and that frame is
// still intact when fork copies it.
__attribute__((always_inline)) inline envid_t sys_exofork(void) {
	return syscall_abi::syscall<SYS_exofork>();
}

// lib/ipc.cc
void ipc_send(envid_t to_env, uint32_t value, void* pg, int perm);
int32_t ipc_recv(envid_t* from_env_store, void* pg, int* perm_store);
envid_t ipc_find_env(EnvType type);

// lib/fork.cc
envid_t fork(void);
envid_t sfork(void);

// lib/console.cc
// (cputchar, getchar, iscons: inc/stdio.h)

#endif
