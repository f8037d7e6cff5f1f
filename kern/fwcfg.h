// QEMU's firmware configuration device: how `make run-NAME` tells the
// kernel which program to run first (-fw_cfg name=opt/jos/prog,string=NAME).
#ifndef JOS_KERN_FWCFG_H
#define JOS_KERN_FWCFG_H

#include <inc/types.h>

// Copy fw_cfg file `name` into buf as a NUL-terminated string.  Returns its
// length, -1 when there is no such file (or no fw_cfg device), or -2 when
// it does not fit in size - 1 bytes (buf is then left untouched).
int fwcfg_read_string(const char* name, char* buf, size_t size);

#endif
