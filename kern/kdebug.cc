// Address-to-source lookup.  The tables are generated at build time from
// the kernel's own DWARF line program and symbol table (conf/kdebug.py):
// the kernel is linked once, the tables are made from that link, and the
// final link adds them after the code, where they move no code address.

#include <inc/elf.h>
#include <inc/stdio.h>
#include <inc/string.h>
#include <kern/kdebug.h>

// Layouts written by conf/kdebug.py; both arrays are sorted by address.
struct KdebugFunc {
	uintptr_t addr;
	uint32_t size;  // 0 when unknown (assembly labels): up to the next function
	uint32_t name;  // offset into kdebug_strtab
};
struct KdebugLine {
	uintptr_t addr;  // first address of a row of the line table
	uint32_t line;   // 0 marks the end of a sequence: no source here
	uint32_t file;   // offset into kdebug_strtab
};

extern "C" const KdebugFunc kdebug_funcs[];
extern "C" const uint32_t kdebug_nfuncs;
extern "C" const KdebugLine kdebug_lines[];
extern "C" const uint32_t kdebug_nlines;
extern "C" const char kdebug_strtab[];

// Index of the last element whose addr is <= addr, or -1.
template <typename T>
static int last_at_or_below(const T* table, uint32_t n, uintptr_t addr) {
	int lo = 0, hi = (int)n - 1, found = -1;
	while (lo <= hi) {
		int mid = (lo + hi) / 2;
		if (table[mid].addr <= addr) {
			found = mid;
			lo = mid + 1;
		} else {
			hi = mid - 1;
		}
	}
	return found;
}

// What a lookup reports when it finds nothing.
static void debuginfo_unknown(uintptr_t addr, const char* file, Eipdebuginfo* info) {
	info->eip_file = file;
	info->eip_line = 0;
	info->eip_fn_name = "<unknown>";
	info->eip_fn_namelen = 9;
	info->eip_fn_addr = addr;
	info->eip_fn_narg = 0;
}

int debuginfo_eip(uintptr_t addr, Eipdebuginfo* info) {
	debuginfo_unknown(addr, "<unknown>", info);

	// @exercise 1.3 debuginfo_eip
	int f = last_at_or_below(kdebug_funcs, kdebug_nfuncs, addr);
	if (f < 0)
		return -1;
	const KdebugFunc& fn = kdebug_funcs[f];
	if (fn.size != 0 && addr >= fn.addr + fn.size)
		return -1;
	info->eip_fn_name = kdebug_strtab + fn.name;
	info->eip_fn_namelen = strlen(info->eip_fn_name);
	info->eip_fn_addr = fn.addr;

	int l = last_at_or_below(kdebug_lines, kdebug_nlines, addr);
	if (l < 0 || kdebug_lines[l].line == 0)
		return -1;
	info->eip_file = kdebug_strtab + kdebug_lines[l].file;
	info->eip_line = kdebug_lines[l].line;
	return 0;
	// @stub
	// |	// Your code here: binary-search kdebug_funcs and kdebug_lines.
	// |	static bool said;
	// |	if (!said)
	// |		cprintf("debuginfo_eip: not implemented\n");
	// |	said = true;
	// |	return -1;
	// @end
}

// Demangle the simple Itanium forms `_Z<len><name>...` and
// `_ZN<len><name>...<len><name>E...` into "name" / "a::b"; anything else
// is copied as it is.
[[maybe_unused]] static void demangle(const char* sym, char* buf, size_t size) {
	size_t n = 0;
	const char* p = sym;
	auto put = [&](char c) {
		if (n + 1 < size)
			buf[n++] = c;
	};
	if (strncmp(p, "_Z", 2) == 0) {
		p += 2;
		bool nested = *p == 'N';
		if (nested)
			p++;
		bool first = true;
		while (*p >= '0' && *p <= '9') {
			int len = 0;
			while (*p >= '0' && *p <= '9')
				len = len * 10 + (*p++ - '0');
			if (!first) {
				put(':');
				put(':');
			}
			for (int i = 0; i < len && p[i]; i++)
				put(p[i]);
			p += strnlen(p, len);
			first = false;
			if (!nested)
				break;
		}
		if (!first) {
			buf[n] = '\0';
			return;
		}
	}
	for (p = sym; *p; p++)
		put(*p);
	buf[n] = '\0';
}

int debuginfo_user(const uint8_t* image, size_t size, uintptr_t addr, Eipdebuginfo* info, char* buf,
		   size_t bufsize) {
	debuginfo_unknown(addr, "<user>", info);

	// @exercise 1.3 debuginfo_user
	const Elf* elf = (const Elf*)image;
	if (size < sizeof(Elf) || elf->e_magic != ELF_MAGIC || elf->e_shentsize != sizeof(Secthdr) ||
	    (uint64_t)elf->e_shoff + (uint64_t)elf->e_shnum * sizeof(Secthdr) > size)
		return -1;
	const Secthdr* sh = (const Secthdr*)(image + elf->e_shoff);
	for (int i = 0; i < elf->e_shnum; i++) {
		if (sh[i].sh_type != ELF_SHT_SYMTAB || sh[i].sh_link >= elf->e_shnum)
			continue;
		const Secthdr& strsec = sh[sh[i].sh_link];
		if ((uint64_t)sh[i].sh_offset + sh[i].sh_size > size || (uint64_t)strsec.sh_offset + strsec.sh_size > size)
			return -1;
		const Elf32Sym* syms = (const Elf32Sym*)(image + sh[i].sh_offset);
		const char* strtab = (const char*)(image + strsec.sh_offset);
		const Elf32Sym* best = nullptr;
		for (uint32_t k = 0; k < sh[i].sh_size / sizeof(Elf32Sym); k++) {
			const Elf32Sym& s = syms[k];
			// Functions, and untyped labels in a section (assembly's _start).
			bool code = (s.st_info & 0xf) == ELF_STT_FUNC ||
				    ((s.st_info & 0xf) == 0 && s.st_shndx != 0 && s.st_shndx < 0xff00 && s.st_name != 0);
			if (!code || s.st_value > addr || s.st_name >= strsec.sh_size)
				continue;
			if (!best || s.st_value > best->st_value)
				best = &s;
		}
		if (!best || (best->st_size && addr >= best->st_value + best->st_size))
			return -1;
		demangle(strtab + best->st_name, buf, bufsize);
		info->eip_fn_name = buf;
		info->eip_fn_namelen = strlen(buf);
		info->eip_fn_addr = best->st_value;
		return 0;
	}
	return -1;
	// @stub
	// |	// Your code here: the last function symbol at or below addr in the
	// |	// image's symbol table, demangled into buf.
	// |	(void)image;
	// |	(void)size;
	// |	(void)buf;
	// |	(void)bufsize;
	// |	static bool said;
	// |	if (!said)
	// |		cprintf("debuginfo_user: not implemented\n");
	// |	said = true;
	// |	return -1;
	// @end
}
