// The MC146818 real-time clock chip and its battery-backed CMOS RAM.  The
// kernel never uses the clock itself: it reads the memory sizes the BIOS
// left in CMOS (kern/pmap.cc) and writes the shutdown status byte that
// tells the BIOS where a CPU woken by INIT should go (kern/lapic.cc).
#ifndef JOS_KERN_KCLOCK_H
#define JOS_KERN_KCLOCK_H

#include <inc/types.h>

// Two ports: write a register number to IO_RTC, then read or write the
// register's byte at IO_RTC + 1.
constexpr int IO_RTC = 0x70;

// CMOS registers.  Each memory size is 16 bits, low byte first; the next
// register holds the high byte.
constexpr unsigned NVRAM_BASELO = 0x15;   // conventional memory, KiB
constexpr unsigned NVRAM_EXTLO = 0x17;    // memory from 1 MiB to 16 MiB, KiB
constexpr unsigned NVRAM_EXT16LO = 0x34;  // memory above 16 MiB, 64 KiB units
constexpr unsigned CMOS_SHUTDOWN_STATUS = 0x0F;  // what the BIOS does after a reset

unsigned mc146818_read(unsigned reg);
void mc146818_write(unsigned reg, uint8_t value);

#endif
