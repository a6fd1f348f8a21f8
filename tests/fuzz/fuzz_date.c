/* libFuzzer: the date parser (and the annual table's number parser). */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "ogi/annual.h"
#include "ogi/cal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char in[64], out[CAL_DATE_LEN];
	long long v;
	cal_day d;
	int y, m, dd;

	if (size >= sizeof(in))
		return 0;
	memcpy(in, data, size);
	in[size] = '\0';
	if (cal_parse(in, &d) == 0) {
		/* What parses prints back the same, and is a real day. */
		cal_format(d, out);
		cal_to_ymd(d, &y, &m, &dd);
		if (strcmp(in, out) != 0 || cal_from_ymd(y, m, dd) != d)
			__builtin_trap();
	}
	if (an_parse_value(in, 2, &v) == 0 && v < 0)
		__builtin_trap();
	return 0;
}
