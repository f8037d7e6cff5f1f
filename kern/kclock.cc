// CMOS register access: select the register, then move its byte.  Callers
// run with interrupts off (boot, or under the kernel lock), so nothing can
// slip another selection in between the two port accesses.

#include <inc/x86.h>
#include <kern/kclock.h>

unsigned mc146818_read(unsigned reg) {
	outb(IO_RTC, (uint8_t)reg);
	return inb(IO_RTC + 1);
}

void mc146818_write(unsigned reg, uint8_t value) {
	outb(IO_RTC, (uint8_t)reg);
	outb(IO_RTC + 1, value);
}
