// The second half of the boot sector: copy the kernel, an ELF image stored
// from disk sector 1 on, to the physical addresses its PT_LOAD segments name,
// clear each segment's bss, and jump to the entry point.  boot/boot.S and
// this file share 510 bytes (boot/sign.py refuses more), so the code favours
// few instructions over generality: primary IDE master only, LBA28, no error
// recovery.  When the disk holds no ELF image it says so on COM1 and returns
// to boot.S, which halts.

#include <inc/elf.h>
#include <inc/x86.h>

namespace {

// The primary ATA channel's command block.  The four LBA registers are
// consecutive, the last one also carrying the LBA/drive-select bits.
constexpr int ATA_DATA = 0x1F0;
constexpr int ATA_NSECT = 0x1F2;
constexpr int ATA_LBA_FIRST = 0x1F3;  // LBA 0-7, then 8-15, 16-23, 24-27
constexpr int ATA_STATUS = 0x1F7;     // read: status; write: command
constexpr uint8_t ATA_BUSY = 0x80;
constexpr uint8_t ATA_DATA_READY = 0x08;
constexpr uint8_t ATA_READ_SECTORS = 0x20;
constexpr uint32_t ATA_LBA_MASTER = 0xE0000000;  // top byte of the LBA word

constexpr uint32_t SECTOR = 512;
constexpr uint32_t KERNEL_LBA = 1;      // the kernel file starts right after us
constexpr uint32_t MAX_PER_COMMAND = 255;  // READ SECTORS takes an 8-bit count
constexpr uint32_t PT_LOAD = 1;

// The kernel's first page (ELF header and program headers) goes just above
// this sector; the kernel itself is loaded at 1 MiB and never overlaps it.
Elf* const kernel_head = (Elf*)0x7E00;

constexpr int COM1_DATA = 0x3F8;

// Transfer nsect whole sectors from disk address lba into memory at dst,
// in as few READ SECTORS commands as the 8-bit count allows.
void disk_read(uint8_t* dst, uint32_t lba, uint32_t nsect) {
	while (nsect != 0) {
		uint32_t batch = nsect < MAX_PER_COMMAND ? nsect : MAX_PER_COMMAND;
		while (inb(ATA_STATUS) & ATA_BUSY)
			;
		outb(ATA_NSECT, batch);
		uint32_t where = lba | ATA_LBA_MASTER;
		for (int port = ATA_LBA_FIRST; port < ATA_STATUS; port++, where >>= 8)
			outb(port, where);
		outb(ATA_STATUS, ATA_READ_SECTORS);
		lba += batch;
		nsect -= batch;
		// The drive raises DRQ (with BSY clear) once per sector it holds.
		for (; batch != 0; batch--, dst += SECTOR) {
			while ((inb(ATA_STATUS) & (ATA_BUSY | ATA_DATA_READY)) != ATA_DATA_READY)
				;
			insl(ATA_DATA, dst, SECTOR / 4);
		}
	}
}

// Put the bytes [off, off + len) of the kernel file at physical address pa.
// The disk deals in sectors only, so the bytes of off's sector that precede
// off land just below pa, and the tail of the last sector just past pa + len;
// the caller clears or overwrites what lies past len.
void load_file_bytes(uint32_t pa, uint32_t off, uint32_t len) {
	uint32_t lead = off % SECTOR;
	disk_read((uint8_t*)(pa - lead), KERNEL_LBA + off / SECTOR, (lead + len + SECTOR - 1) / SECTOR);
}

void zero_bytes(uint32_t pa, uint32_t len) {
	asm volatile("cld; rep stosb" : "+D"(pa), "+c"(len) : "a"(0) : "memory", "cc");
}

}  // namespace

// Returns only when sector 1 does not start an ELF image.
extern "C" void bootmain() {
	load_file_bytes((uint32_t)kernel_head, 0, 4096);
	if (kernel_head->e_magic != ELF_MAGIC) {
		for (const char* s = "boot: no ELF kernel\n"; *s; s++)
			outb(COM1_DATA, *s);
		return;
	}
	const Proghdr* ph = (const Proghdr*)((uint8_t*)kernel_head + kernel_head->e_phoff);
	for (int i = 0; i < kernel_head->e_phnum; i++, ph++) {
		if (ph->p_type != PT_LOAD)
			continue;
		load_file_bytes(ph->p_pa, ph->p_offset, ph->p_filesz);
		zero_bytes(ph->p_pa + ph->p_filesz, ph->p_memsz - ph->p_filesz);
	}
	((void (*)())kernel_head->e_entry)();
}
