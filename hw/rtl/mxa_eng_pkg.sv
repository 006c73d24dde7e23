// SPDX-License-Identifier: MIT
// mxa_eng_pkg.sv - what the blocks of the compute engine share: the packed
// widths and beat rates of the element formats (docs/numerics.md section 6,
// docs/rtl-dpu.md section 1) and the sizes derived from the engine's
// parameters. docs/rtl-engine.md describes the engine.
package mxa_eng_pkg;

  // Bits of one packed element: 8 for E5M2, E4M3 and INT8, 6 for E3M2 and
  // E2M3, 4 for E2M1, 2 for TERNARY.
  function automatic logic [3:0] elem_bits(input logic [7:0] fmt);
    unique case (fmt)
      8'(mxa_hw_pkg::FMT_E3M2), 8'(mxa_hw_pkg::FMT_E2M3): elem_bits = 4'd6;
      8'(mxa_hw_pkg::FMT_E2M1):                         elem_bits = 4'd4;
      8'(mxa_hw_pkg::FMT_TERNARY):                      elem_bits = 4'd2;
      default:                                          elem_bits = 4'd8;
    endcase
  endfunction

  // Element pairs one dot-product unit of lane_bits takes per cycle when
  // one operand is of a format of `bits` packed bits: the rate of its
  // wider operand decides (docs/rtl-dpu.md 1, "Rate").
  function automatic int unsigned rate(input int unsigned bits,
                                       input int unsigned lane_bits);
    unique case (bits)
      8:       rate = lane_bits / 8;
      6:       rate = lane_bits / 6;
      default: rate = lane_bits / 4;
    endcase
  endfunction

  // Bytes of a packed row of k elements of `bits` bits: ceil(k x bits / 8).
  function automatic logic [31:0] row_bytes(input logic [31:0] k,
                                            input logic [3:0] bits);
    row_bytes = 32'((36'(k) * 36'(bits) + 36'd7) >> 3);
  endfunction

  // The descriptor's format codes as the dot-product unit's enum types
  // (an enum cast is not in the language subset); validation has left only
  // supported values.
  function automatic mxa_hw_pkg::fmt_e to_fmt(input logic [7:0] code);
    unique case (code)
      8'd0:    to_fmt = mxa_hw_pkg::FMT_E5M2;
      8'd1:    to_fmt = mxa_hw_pkg::FMT_E4M3;
      8'd2:    to_fmt = mxa_hw_pkg::FMT_E3M2;
      8'd3:    to_fmt = mxa_hw_pkg::FMT_E2M3;
      8'd4:    to_fmt = mxa_hw_pkg::FMT_E2M1;
      8'd5:    to_fmt = mxa_hw_pkg::FMT_INT8;
      default: to_fmt = mxa_hw_pkg::FMT_TERNARY;
    endcase
  endfunction

  function automatic mxa_hw_pkg::scale_e to_scale(input logic [7:0] code);
    unique case (code)
      8'd1:    to_scale = mxa_hw_pkg::SCALE_MX;
      8'd2:    to_scale = mxa_hw_pkg::SCALE_NV;
      default: to_scale = mxa_hw_pkg::SCALE_NONE;
    endcase
  endfunction

  function automatic mxa_hw_pkg::acc_e to_acc(input logic [7:0] code);
    unique case (code)
      8'd1:    to_acc = mxa_hw_pkg::ACC_TRUNC;
      8'd2:    to_acc = mxa_hw_pkg::ACC_EXACT;
      default: to_acc = mxa_hw_pkg::ACC_FP32;
    endcase
  endfunction

  // Bits of an index of a row of the array or of a column (at least 1).
  function automatic int unsigned idx_bits(input int unsigned rows,
                                           input int unsigned cols);
    int unsigned n;
    n = rows > cols ? rows : cols;
    idx_bits = n > 2 ? $clog2(n) : 1;
  endfunction

  // The smallest power of two at least x and at least 2.
  function automatic int unsigned pow2_at_least(input int unsigned x);
    pow2_at_least = 2;
    for (int unsigned i = 1; i < 31; i++) begin
      if ((32'd1 << i) < x) pow2_at_least = 32'd1 << (i + 1);
    end
  endfunction

endpackage
