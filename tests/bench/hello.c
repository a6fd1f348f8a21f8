/* The floor for the benchmarks: a FastCGI program that answers "hello". */
#include <fcgiapp.h>

int
main(void)
{
	FCGX_Request req;
	static const char page[] = "Status: 200 OK\r\nContent-Type: text/html; "
	    "charset=utf-8\r\nContent-Length: 48\r\n\r\n"
	    "<!DOCTYPE html><title>hello</title><p>hello</p>\n";

	if (FCGX_Init() != 0 || FCGX_InitRequest(&req, 0, 0) != 0)
		return 1;
	while (FCGX_Accept_r(&req) >= 0) {
		FCGX_PutStr(page, sizeof(page) - 1, req.out);
		FCGX_Finish_r(&req);
	}
	return 0;
}
