// System call dispatch, kernel side.
#ifndef JOS_KERN_SYSCALL_H
#define JOS_KERN_SYSCALL_H

#include <inc/syscall.h>
#include <inc/types.h>

struct Env;

int32_t syscall(uint32_t num, uint32_t a1, uint32_t a2, uint32_t a3, uint32_t a4, uint32_t a5);
// e is being freed: senders parked on it fail, and it leaves any queue.
void ipc_env_freed(Env* e);

#endif
