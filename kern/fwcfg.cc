// Reading QEMU fw_cfg files through the I/O port interface: select an
// item with a 16-bit write to the selector port, then read its bytes one
// at a time from the data port.  Multi-byte directory fields are big-endian.

#include <inc/string.h>
#include <inc/x86.h>
#include <kern/fwcfg.h>

#define FW_CFG_PORT_SEL 0x510
#define FW_CFG_PORT_DATA 0x511
#define FW_CFG_SIGNATURE 0x0000
#define FW_CFG_FILE_DIR 0x0019

static void fwcfg_read(void* buf, size_t len) {
	for (size_t i = 0; i < len; i++)
		((uint8_t*)buf)[i] = inb(FW_CFG_PORT_DATA);
}

static uint32_t be32(const uint8_t* p) { return (p[0] << 24) | (p[1] << 16) | (p[2] << 8) | p[3]; }

int fwcfg_read_string(const char* name, char* buf, size_t size) {
	outw(FW_CFG_PORT_SEL, FW_CFG_SIGNATURE);
	char sig[4];
	fwcfg_read(sig, 4);
	if (memcmp(sig, "QEMU", 4) != 0)
		return -1;

	outw(FW_CFG_PORT_SEL, FW_CFG_FILE_DIR);
	uint8_t count[4];
	fwcfg_read(count, 4);
	for (uint32_t i = 0, n = be32(count); i < n; i++) {
		struct {
			uint8_t size[4];
			uint8_t select[2];
			uint8_t reserved[2];
			char name[56];
		} f;
		fwcfg_read(&f, sizeof(f));
		if (strncmp(f.name, name, sizeof(f.name)) != 0)
			continue;
		uint32_t len = be32(f.size);
		if (len + 1 > size)
			return -2;
		outw(FW_CFG_PORT_SEL, (f.select[0] << 8) | f.select[1]);
		fwcfg_read(buf, len);
		buf[len] = '\0';
		return len;
	}
	return -1;
}
