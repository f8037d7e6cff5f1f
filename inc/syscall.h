// System call numbers (docs/ABI.md).  JOS's are 0..12; our extensions start at 13.
#ifndef JOS_INC_SYSCALL_H
#define JOS_INC_SYSCALL_H

enum {
	SYS_cputs = 0,
	SYS_cgetc,
	SYS_getenvid,
	SYS_env_destroy,
	SYS_page_alloc,
	SYS_page_map,
	SYS_page_unmap,
	SYS_exofork,
	SYS_env_set_status,
	SYS_env_set_pgfault_upcall,
	SYS_yield,
	SYS_ipc_try_send,
	SYS_ipc_recv,
	// Extensions beyond JOS.
	SYS_ipc_send = 13,  // blocking send: parks the sender until the receiver takes it
	NSYSCALLS
};
static_assert(SYS_ipc_recv == 12);

#endif
