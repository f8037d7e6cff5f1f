// The second half of the boot sector: read the kernel, an ELF image that
// starts at disk sector 1, into memory at the physical addresses of its
// program headers, and jump to its entry point.  It must fit, with
// boot/boot.S, in 510 bytes: every byte here counts (boot/sign.py checks).

#include <inc/elf.h>
#include <inc/x86.h>

static constexpr uint32_t SECTSIZE = 512;
static Elf* const ELFHDR = (Elf*)0x10000;  // scratch space

static void waitdisk() {
	while ((inb(0x1F7) & 0xC0) != 0x40)  // wait until BSY clear and RDY set
		;
}

// Read sector `sect` into dst with programmed I/O from the primary IDE disk.
static void readsect(void* dst, uint32_t sect) {
	waitdisk();
	outb(0x1F2, 1);  // count = 1
	outb(0x1F3, sect);
	outb(0x1F4, sect >> 8);
	outb(0x1F5, sect >> 16);
	outb(0x1F6, (sect >> 24) | 0xE0);  // LBA mode, drive 0
	outb(0x1F7, 0x20);                 // READ SECTORS
	waitdisk();
	insl(0x1F0, dst, SECTSIZE / 4);
}

// Read count bytes at kernel-file offset into physical address pa.  May read
// more than asked: it works in whole sectors, starting on a sector boundary.
static void readseg(uint32_t pa, uint32_t count, uint32_t offset) {
	uint32_t end_pa = pa + count;
	pa &= ~(SECTSIZE - 1);
	uint32_t sect = offset / SECTSIZE + 1;  // the kernel starts at sector 1
	for (; pa < end_pa; pa += SECTSIZE, sect++)
		readsect((uint8_t*)pa, sect);
}

extern "C" [[noreturn]] void bootmain() {
	readseg((uint32_t)ELFHDR, SECTSIZE * 8, 0);
	if (ELFHDR->e_magic == ELF_MAGIC) {
		Proghdr* ph = (Proghdr*)((uint8_t*)ELFHDR + ELFHDR->e_phoff);
		for (Proghdr* eph = ph + ELFHDR->e_phnum; ph < eph; ph++)
			readseg(ph->p_pa, ph->p_memsz, ph->p_offset);
		((void (*)())(ELFHDR->e_entry))();
	}
	// Not an ELF: tell Bochs/QEMU's debug port and stop.
	outw(0x8A00, 0x8A00);
	outw(0x8A00, 0x8E00);
	for (;;)
		;
}
