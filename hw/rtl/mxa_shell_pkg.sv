// SPDX-License-Identifier: MIT
// mxa_shell_pkg.sv - types of the port between the shell (registers, command
// ring, MMU, DMA) and the compute engine, described in docs/rtl-shell.md.
package mxa_shell_pkg;

  // Capabilities the engine reports; the shell shows them in the CAP_*
  // registers of the same names and validates descriptors against them.
  // Each field has the layout of its register (docs/hw-interface.md).
  typedef struct packed {
    logic [31:0] formats;       // CAP_FORMATS
    logic [31:0] formats_so;    // CAP_FORMATS_SO
    logic [31:0] modes;         // CAP_MODES
    logic [31:0] array_shape;   // CAP_ARRAY
    logic [255:0] lane_elems;   // CAP_LANE_ELEMS0 (bits 31:0) to 7
    logic [31:0] block;         // CAP_BLOCK
    logic [31:0] trunc;         // CAP_TRUNC
    logic [31:0] max_m;         // CAP_MAX_M
    logic [31:0] max_n;         // CAP_MAX_N
    logic [31:0] max_k;         // CAP_MAX_K
    logic [31:0] buf_depth;     // CAP_BUF
  } caps_t;

  // Memory streams as they travel on the port: the low bits of
  // mxa_hw_pkg::stream_e (A, B, SA, SB, C, D).
  localparam int unsigned STREAM_BITS = 3;

  // Largest byte length of one memory request of the engine.
  localparam int unsigned LEN_BITS = 32;

  // A memory request: LEN bytes from device-virtual address ADDR. The
  // address is 64 bits wide so that the MMU, not the engine, decides that an
  // address at or above 2^VA_BITS is unmapped.
  typedef struct packed {
    logic [63:0]             addr;
    logic [LEN_BITS-1:0]     len;      // 1 ... 2^32 - 1
    logic [STREAM_BITS-1:0]  stream;   // whom a fault is blamed on
  } mem_req_t;

  // How the engine ended a job (the shell ends jobs for faults, bus errors
  // and aborts itself, so the engine reports OK or INVALID_CODE).
  typedef struct packed {
    logic [15:0] status;      // mxa_hw_pkg::status_e
    logic [15:0] detail;      // INVALID_CODE: the stream (stream_e)
    logic [63:0] fault_addr;  // INVALID_CODE: virtual address of the byte
  } job_end_t;

endpackage
