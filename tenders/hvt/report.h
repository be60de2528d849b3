/* SPDX-License-Identifier: ISC */
/* report.h: what mirage-hvt's crash reports need to know of the guest. */
#ifndef MIRAGE_TENDER_HVT_REPORT_H
#define MIRAGE_TENDER_HVT_REPORT_H

#include "hvt.h"

/*
 * Tells hvt_crash the vCPU to read registers from, the image's file name
 * for the backtrace, and the guest whose memory holds the frames.
 */
void hvt_report_init(int vcpu_fd, const char *image, const struct hvt *h);

#endif
