/*
 * libFuzzer: content sniffing and display labels.  The input is sniffed
 * in memory and through a file descriptor (the two must agree), and as a
 * file name it must give a label that is short, valid UTF-8 and clean.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "ogi/filetype.h"
#include "ogi/form.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char name[1024], out[FT_LABEL_MAX + 1];
	enum ft_kind k;
	size_t n;
	int fd;

	k = ft_sniff_mem(data, size);
	if (k < FT_NONE || k >= FT__MAX || (k != FT_NONE && ft_mime(k) == NULL))
		__builtin_trap();
	if ((fd = memfd_create("fuzz", 0)) >= 0) {
		if (write(fd, data, size) == (ssize_t)size &&
		    ft_sniff_fd(fd, (off_t)size) != k)
			__builtin_trap();
		close(fd);
	}

	n = size < sizeof(name) ? size : sizeof(name) - 1;
	memcpy(name, data, n);
	name[n] = '\0';
	memset(out, 'Z', sizeof(out));
	ft_label(name, out);
	n = strlen(out);
	if (n == 0 || n > FT_LABEL_MAX || !utf8_valid(out, n) ||
	    text_problem(out, 0) != NULL || out[0] == '.' || out[0] == ' ' ||
	    strchr(out, '/') != NULL || strchr(out, '\\') != NULL)
		__builtin_trap();
	return 0;
}
