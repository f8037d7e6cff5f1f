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

#define USED(x) (void)(x)

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

// lib/syscall.cc
void sys_cputs(const char* string, size_t len);
int sys_cgetc(void);
envid_t sys_getenvid(void);
int sys_env_destroy(envid_t);
void sys_yield(void);
static envid_t sys_exofork(void);
int sys_env_set_status(envid_t env, int status);
int sys_env_set_pgfault_upcall(envid_t env, void* upcall);
int sys_page_alloc(envid_t env, void* pg, int perm);
int sys_page_map(envid_t src_env, void* src_pg, envid_t dst_env, void* dst_pg, int perm);
int sys_page_unmap(envid_t env, void* pg);
int sys_ipc_try_send(envid_t to_env, uint32_t value, void* pg, int perm);
int sys_ipc_recv(void* rcv_pg);
int sys_ipc_send(envid_t to_env, uint32_t value, void* pg, int perm);  // extension: blocks until received

// sys_exofork must be inlined: the child starts life returning from the
// trap with the parent's registers, and must not depend on a stack frame
// of a called function that only the parent's stack holds.
static inline envid_t __attribute__((always_inline)) sys_exofork(void) {
	envid_t ret;
	asm volatile("int %2" : "=a"(ret) : "a"(SYS_exofork), "i"(T_SYSCALL) : "memory");
	return ret;
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
