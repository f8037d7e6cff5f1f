// Address-to-source lookup.  The tables are generated at build time from
// the kernel's own DWARF line program and symbol table (conf/kdebug.py):
// the kernel is linked once, the tables are made from that link, and the
// final link adds them after the code, where they move no code address.

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

int debuginfo_eip(uintptr_t addr, Eipdebuginfo* info) {
	info->eip_file = "<unknown>";
	info->eip_line = 0;
	info->eip_fn_name = "<unknown>";
	info->eip_fn_namelen = 9;
	info->eip_fn_addr = addr;
	info->eip_fn_narg = 0;

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
}
