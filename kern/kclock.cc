// Reads of the MC146818 real-time clock's NVRAM.

#include <inc/x86.h>
#include <kern/kclock.h>

unsigned mc146818_read(unsigned reg) {
	outb(IO_RTC, reg);
	return inb(IO_RTC + 1);
}
