// The system call wrappers: JOS's names and signatures, each one line over
// syscall_abi::syscall (inc/lib.h), which traps into the kernel and checks
// that a call answering only 0 or -E_* did not answer anything else.

#include <inc/lib.h>

using syscall_abi::syscall;

// Out of line, so the check costs each wrapper one compare and branch.
[[noreturn]] __attribute__((noinline, cold)) void syscall_abi::kernel_broke_contract(int num, int32_t result) {
	panic("kernel bug: system call %d (inc/syscall.h) returned %d, "
	      "but it may return only 0 or a negative error",
	      num, result);
}

void sys_cputs(const char* s, size_t len) { syscall<SYS_cputs>(s, len); }

int sys_cgetc(void) { return syscall<SYS_cgetc>(); }

envid_t sys_getenvid(void) { return syscall<SYS_getenvid>(); }

int sys_env_destroy(envid_t envid) { return syscall<SYS_env_destroy>(envid); }

void sys_yield(void) { syscall<SYS_yield>(); }

int sys_env_set_status(envid_t envid, int status) { return syscall<SYS_env_set_status>(envid, status); }

int sys_env_set_pgfault_upcall(envid_t envid, void* upcall) {
	return syscall<SYS_env_set_pgfault_upcall>(envid, upcall);
}

int sys_page_alloc(envid_t envid, void* va, int perm) { return syscall<SYS_page_alloc>(envid, va, perm); }

int sys_page_map(envid_t srcenv, void* srcva, envid_t dstenv, void* dstva, int perm) {
	return syscall<SYS_page_map>(srcenv, srcva, dstenv, dstva, perm);
}

int sys_page_unmap(envid_t envid, void* va) { return syscall<SYS_page_unmap>(envid, va); }

int sys_ipc_try_send(envid_t envid, uint32_t value, void* srcva, int perm) {
	return syscall<SYS_ipc_try_send>(envid, value, srcva, perm);
}

int sys_ipc_recv(void* dstva) { return syscall<SYS_ipc_recv>(dstva); }

int sys_ipc_send(envid_t envid, uint32_t value, void* srcva, int perm) {
	return syscall<SYS_ipc_send>(envid, value, srcva, perm);
}
