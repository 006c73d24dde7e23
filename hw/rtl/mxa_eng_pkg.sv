// SPDX-License-Identifier: MIT
// mxa_eng_pkg.sv - what the blocks of the compute engine share: the packed
// widths and beat rates of the element formats (docs/numerics.md section 6,
// docs/rtl-dpu.md section 1) and the sizes derived from the engine's
// parameters. docs/rtl-engine.md describes the engine. The format tables
// follow from the format functions of mxa_hw_pkg (generated from
// hw/interface/mxa_formats.toml): none names a format.
package mxa_eng_pkg;

  // Bits of one packed element: the element format's fmt_bits (8 for a
  // value that is not an element format; validation lets none through).
  function automatic logic [3:0] elem_bits(input logic [7:0] fmt);
    elem_bits = fmt < 8'd32 && mxa_hw_pkg::FMT_ELEMENT_MASK[fmt[4:0]]
              ? 4'(mxa_hw_pkg::fmt_bits(32'(fmt))) : 4'd8;
  endfunction

  // The packed widths of the element formats: bit w when some element
  // format has codes of w bits (2, 4, 6 and 8 today).
  function automatic logic [8:0] elem_widths();
    elem_widths = '0;
    for (int unsigned f = 0; f <= mxa_hw_pkg::FMT_ELEMENT_LAST; f++) begin
      if (mxa_hw_pkg::FMT_ELEMENT_MASK[f]) begin
        elem_widths = elem_widths | (9'd1 << mxa_hw_pkg::fmt_bits(f));
      end
    end
  endfunction

  // The narrowest of them.
  function automatic int unsigned elem_width_min();
    elem_width_min = 8;
    for (int unsigned w = 8; w >= 1; w--) begin
      if ((elem_widths() & (9'd1 << w)) != '0) elem_width_min = w;
    end
  endfunction

  // CAP_LANE_ELEMS7 ... CAP_LANE_ELEMS0 of a unit of lane_bits built for
  // the element formats `formats`: byte f holds the element pairs per cycle
  // of format f (its rate, docs/rtl-dpu.md 1), 0 for a format left out.
  function automatic logic [255:0] lane_elems(input logic [31:0] formats,
                                              input int unsigned lane_bits);
    lane_elems = '0;
    for (int unsigned f = 0; f < 32; f++) begin
      if (formats[f] && mxa_hw_pkg::FMT_ELEMENT_MASK[f]) begin
        lane_elems = lane_elems |
            (256'(8'(mxa_dpu_pkg::rate(mxa_hw_pkg::fmt_bits(f), lane_bits))) << (8 * f));
      end
    end
  endfunction

  // The element format is packed in base 3, five ternary digits to a byte
  // (numerics.md 6; TERNARY_B3 today).
  function automatic logic elem_b3(input logic [7:0] fmt);
    elem_b3 = fmt < 8'd32 && mxa_hw_pkg::FMT_ELEMENT_MASK[fmt[4:0]]
            && mxa_hw_pkg::fmt_packing(32'(fmt)) == mxa_hw_pkg::FMT_PACK_BASE3;
  endfunction

  // Some format of the set `formats` (bit f for format f) is packed in base 3.
  function automatic bit has_b3(input logic [31:0] formats);
    has_b3 = 1'b0;
    for (int unsigned f = 0; f <= mxa_hw_pkg::FMT_ELEMENT_LAST; f++) begin
      if (formats[f] && mxa_hw_pkg::FMT_ELEMENT_MASK[f]
          && mxa_hw_pkg::fmt_packing(f) == mxa_hw_pkg::FMT_PACK_BASE3) begin
        has_b3 = 1'b1;
      end
    end
  endfunction

  // floor(x / 5) for x < 2^21 (K and element indices of the engine are below
  // 2^20): a multiply by the reciprocal 2^24 / 5 rounded up (0x33_3334,
  // 4 too large in 5 x it), exact in that range.
  function automatic logic [20:0] div5(input logic [20:0] x);
    div5 = 21'((45'(x) * 45'h33_3334) >> 24);
  endfunction

  // The five ternary codes of a base-3 byte b = d0 + 3 d1 + 9 d2 + 27 d3 +
  // 81 d4 (numerics.md 6), code i in bits 2i+1:2i as TERNARY codes them:
  // digit 0 -> 00 (0), 1 -> 01 (+1), 2 -> 11 (-1). A byte above 242 is an
  // invalid code and gives five codes 10. Each digit by a constant
  // multiply written as shifted adds (so that synthesis builds adders, not
  // DSP blocks): floor(v / 3) = (v x 171) >> 9 for v < 256, 171 = 128 + 32
  // + 8 + 2 + 1.
  function automatic logic [9:0] b3_codes(input logic [7:0] b);
    logic [7:0] v, q;
    logic [1:0] d;
    v = b;
    b3_codes = '0;
    for (int unsigned i = 0; i < 5; i++) begin
      q = 8'(((16'(v) << 7) + (16'(v) << 5) + (16'(v) << 3) + (16'(v) << 1)
              + 16'(v)) >> 9);
      d = 2'(v - 8'(3 * q));
      b3_codes[2*i +: 2] = {d[1], d[1] | d[0]};
      v = q;
    end
    if (b > 8'd242) b3_codes = 10'b10_10_10_10_10;
  endfunction

  // Bytes of a packed row of k elements of `bits` bits: ceil(k x bits / 8).
  function automatic logic [31:0] row_bytes(input logic [31:0] k,
                                            input logic [3:0] bits);
    row_bytes = 32'((36'(k) * 36'(bits) + 36'd7) >> 3);
  endfunction

  // The descriptor's format code as the dot-product unit's enum type. The
  // enum has a name for every format value and validation has left only
  // supported ones, so the code passes unchanged (an enum cast is not in
  // the language subset, hence the implicit conversion).
  function automatic mxa_hw_pkg::fmt_e to_fmt(input logic [7:0] code);
    /* verilator lint_off ENUMVALUE */
    to_fmt = code;
    /* verilator lint_on ENUMVALUE */
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

  // The smallest and the largest block size of a set (CAP_BLOCK.SIZES: bit
  // i for 2^i).
  function automatic int unsigned block_min(input logic [7:0] sizes);
    block_min = 128;
    for (int i = 7; i >= 0; i--) begin
      if (sizes[i]) block_min = 32'd1 << i;
    end
  endfunction

  function automatic int unsigned block_max(input logic [7:0] sizes);
    block_max = 1;
    for (int unsigned i = 0; i < 8; i++) begin
      if (sizes[i]) block_max = 32'd1 << i;
    end
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
