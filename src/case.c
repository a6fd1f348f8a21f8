/* case: see include/ogi/case.h (being written). */
typedef int case_placeholder;
