// The PC's battery-backed CMOS/NVRAM, where the BIOS records memory sizes.
#ifndef JOS_KERN_KCLOCK_H
#define JOS_KERN_KCLOCK_H

#define IO_RTC 0x070

#define MC_NVRAM_START 0xe
#define NVRAM_BASELO (MC_NVRAM_START + 7)   // base memory size, KiB
#define NVRAM_EXTLO (MC_NVRAM_START + 9)    // memory 1M..16M, KiB
#define NVRAM_EXT16LO (MC_NVRAM_START + 38) // memory above 16M, 64 KiB units (0x34)

unsigned mc146818_read(unsigned reg);

#endif
