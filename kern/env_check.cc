// Boot self-check of the ELF loader's gatekeeper, elf_problem: every kind of
// malformed image load_icode must refuse is refused with its reason, and
// every program built into the kernel passes.  Runs before any env exists.

#include <inc/assert.h>
#include <inc/elf.h>
#include <inc/memlayout.h>
#include <inc/stdio.h>
#include <inc/string.h>
#include <kern/env.h>

namespace {

// A minimal well-formed image: the ELF header, one program header, and a
// little "text" at UTEXT with a page of bss after it.
struct TinyElf {
	Elf elf;
	Proghdr ph;
	uint8_t text[64];
};

TinyElf tiny(void) {
	TinyElf t = {};
	t.elf.e_magic = ELF_MAGIC;
	t.elf.e_machine = EM_386;
	t.elf.e_entry = UTEXT;
	t.elf.e_phoff = offsetof(TinyElf, ph);
	t.elf.e_phentsize = sizeof(Proghdr);
	t.elf.e_phnum = 1;
	t.ph.p_type = ELF_PROG_LOAD;
	t.ph.p_offset = offsetof(TinyElf, text);
	t.ph.p_va = UTEXT;
	t.ph.p_filesz = sizeof(t.text);
	t.ph.p_memsz = PGSIZE;
	return t;
}

// elf_problem(t) must begin with `reason` (or be nullptr when reason is).
void expect(const TinyElf& t, size_t size, const char* reason) {
	const char* why = elf_problem((const uint8_t*)&t, size);
	if (!reason) {
		assert(why == nullptr);
		return;
	}
	assert(why != nullptr);
	assert(strncmp(why, reason, strlen(reason)) == 0);
}

}  // namespace

void check_elf_loader(void) {
	TinyElf t = tiny();
	expect(t, sizeof(t), nullptr);
	expect(t, sizeof(Elf) - 1, "not an ELF image");

	t = tiny();
	t.elf.e_magic ^= 1;
	expect(t, sizeof(t), "not an ELF image");

	t = tiny();
	t.elf.e_machine = 62;  // x86-64
	expect(t, sizeof(t), "not an ELF32 i386 executable");

	t = tiny();
	t.elf.e_phnum = 2;  // the second header would lie past the image
	expect(t, offsetof(TinyElf, text), "program headers run past the end");

	t = tiny();
	t.ph.p_filesz = t.ph.p_memsz + 1;
	expect(t, sizeof(t), "segment 0 has filesz");

	t = tiny();
	t.ph.p_offset = sizeof(t) - 8;  // the segment's bytes run off the end
	expect(t, sizeof(t), "segment 0 runs past the end of the image");

	t = tiny();
	t.ph.p_va = KERNBASE;  // a segment over the kernel
	t.elf.e_entry = KERNBASE;
	expect(t, sizeof(t), "segment 0 [f0000000");

	t = tiny();
	t.ph.p_va = 0xFFFFF000;  // wraps past 4 GiB
	t.ph.p_memsz = 2 * PGSIZE;
	t.elf.e_entry = 0xFFFFF000;
	expect(t, sizeof(t), "segment 0 [fffff000");

	t = tiny();
	t.elf.e_entry = UTEXT + 2 * PGSIZE;
	expect(t, sizeof(t), "entry point 00802000 is in no loaded segment");

	t = tiny();
	t.ph.p_type = 0;  // no PT_LOAD at all: nothing holds the entry
	expect(t, sizeof(t), "entry point");

	// The build refuses bad programs (conf/elfcheck.py); should one get
	// through anyway, name it and say why before anything runs.
	for (uint32_t i = 0; i < nuserprogs; i++)
		if (const char* why = elf_problem(userprogs[i].binary, userprogs[i].size))
			panic("user program '%s' cannot be loaded: %s", userprogs[i].name, why);

	cprintf("check_elf_loader() succeeded!\n");
}
