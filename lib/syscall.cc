// System call stubs: one generic trap into the kernel (int $0x30, number
// in eax, arguments in edx, ecx, ebx, edi, esi; result in eax), and a thin
// typed wrapper per call.

#include <inc/lib.h>

// With check, a positive result is a kernel bug and panics.
static inline int32_t syscall(int num, bool check, uint32_t a1, uint32_t a2, uint32_t a3, uint32_t a4,
			      uint32_t a5) {
	int32_t ret;
	asm volatile("int %1\n"
		     : "=a"(ret)
		     : "i"(T_SYSCALL), "a"(num), "d"(a1), "c"(a2), "b"(a3), "D"(a4), "S"(a5)
		     : "cc", "memory");
	if (check && ret > 0)
		panic("syscall %d returned %d (> 0)", num, ret);
	return ret;
}

void sys_cputs(const char* s, size_t len) { syscall(SYS_cputs, false, (uint32_t)s, len, 0, 0, 0); }

int sys_cgetc(void) { return syscall(SYS_cgetc, false, 0, 0, 0, 0, 0); }

envid_t sys_getenvid(void) { return syscall(SYS_getenvid, false, 0, 0, 0, 0, 0); }

int sys_env_destroy(envid_t envid) { return syscall(SYS_env_destroy, true, envid, 0, 0, 0, 0); }

void sys_yield(void) { syscall(SYS_yield, false, 0, 0, 0, 0, 0); }

int sys_env_set_status(envid_t envid, int status) {
	return syscall(SYS_env_set_status, true, envid, status, 0, 0, 0);
}

int sys_env_set_pgfault_upcall(envid_t envid, void* upcall) {
	return syscall(SYS_env_set_pgfault_upcall, true, envid, (uint32_t)upcall, 0, 0, 0);
}

int sys_page_alloc(envid_t envid, void* va, int perm) {
	return syscall(SYS_page_alloc, true, envid, (uint32_t)va, perm, 0, 0);
}

int sys_page_map(envid_t srcenv, void* srcva, envid_t dstenv, void* dstva, int perm) {
	return syscall(SYS_page_map, true, srcenv, (uint32_t)srcva, dstenv, (uint32_t)dstva, perm);
}

int sys_page_unmap(envid_t envid, void* va) { return syscall(SYS_page_unmap, true, envid, (uint32_t)va, 0, 0, 0); }

int sys_ipc_try_send(envid_t envid, uint32_t value, void* srcva, int perm) {
	return syscall(SYS_ipc_try_send, false, envid, value, (uint32_t)srcva, perm, 0);
}

int sys_ipc_recv(void* dstva) { return syscall(SYS_ipc_recv, true, (uint32_t)dstva, 0, 0, 0, 0); }

int sys_ipc_send(envid_t envid, uint32_t value, void* srcva, int perm) {
	return syscall(SYS_ipc_send, true, envid, value, (uint32_t)srcva, perm, 0);
}
