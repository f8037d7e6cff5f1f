// ELF32 headers: what the boot loader and load_icode read.
#ifndef JOS_INC_ELF_H
#define JOS_INC_ELF_H

#include <inc/types.h>

// e_ident's first four bytes, 0x7F 'E' 'L' 'F', loaded as one i386 word.
#define ELF_MAGIC 0x464C457FU

struct Elf {
	uint32_t e_magic;
	uint8_t e_elf[12];
	uint16_t e_type;
	uint16_t e_machine;
	uint32_t e_version;
	uint32_t e_entry;
	uint32_t e_phoff;
	uint32_t e_shoff;
	uint32_t e_flags;
	uint16_t e_ehsize;
	uint16_t e_phentsize;
	uint16_t e_phnum;
	uint16_t e_shentsize;
	uint16_t e_shnum;
	uint16_t e_shstrndx;
};
static_assert(sizeof(Elf) == 52);

struct Proghdr {
	uint32_t p_type;
	uint32_t p_offset;
	uint32_t p_va;
	uint32_t p_pa;
	uint32_t p_filesz;
	uint32_t p_memsz;
	uint32_t p_flags;
	uint32_t p_align;
};
static_assert(sizeof(Proghdr) == 32);

struct Secthdr {
	uint32_t sh_name;
	uint32_t sh_type;
	uint32_t sh_flags;
	uint32_t sh_addr;
	uint32_t sh_offset;
	uint32_t sh_size;
	uint32_t sh_link;
	uint32_t sh_info;
	uint32_t sh_addralign;
	uint32_t sh_entsize;
};
static_assert(sizeof(Secthdr) == 40);

struct Elf32Sym {
	uint32_t st_name;
	uint32_t st_value;
	uint32_t st_size;
	uint8_t st_info;
	uint8_t st_other;
	uint16_t st_shndx;
};
static_assert(sizeof(Elf32Sym) == 16);

#define ELF_SHT_SYMTAB 2
#define ELF_STT_FUNC 2

// Values for Elf::e_machine and Proghdr::p_type.
#define EM_386 3
#define ELF_PROG_LOAD 1

#endif
