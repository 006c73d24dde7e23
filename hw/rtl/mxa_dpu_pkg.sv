// SPDX-License-Identifier: MIT
// mxa_dpu_pkg.sv - the element formats as the dot-product unit sees them
// (docs/numerics.md section 1, docs/rtl-dpu.md): every finite value is
// (-1)^s x sig x 2^sh units of the format's lsb, and these functions give
// the widths of sig and sh, from which the unit sizes its datapath for the
// set of formats it is built for. Nothing here names an element format:
// every table follows from the format functions of mxa_hw_pkg (generated
// from hw/interface/mxa_formats.toml), so a format added there is sized
// here without an edit.
package mxa_dpu_pkg;

  // A format set is a mask with bit f for mxa_hw_pkg::fmt_e value f; the
  // element formats are its only possible members. (Functions, not
  // localparams: Yosys 0.23 resolves another package's names only when a
  // module elaborates them, so a package cannot hold constants computed
  // from mxa_hw_pkg.)

  // Width of a format set: one past the highest element format value.
  function automatic int unsigned num_elem_fmts();
    num_elem_fmts = 0;
    for (int unsigned f = 0; f <= mxa_hw_pkg::FMT_ELEMENT_LAST; f++) begin
      if (mxa_hw_pkg::FMT_ELEMENT_MASK[f]) num_elem_fmts = f + 1;
    end
  endfunction

  // Every element format: what the units and the accelerator are built
  // with unless a build names fewer.
  function automatic logic [num_elem_fmts()-1:0] all_fmts();
    all_fmts = mxa_hw_pkg::FMT_ELEMENT_MASK[num_elem_fmts()-1:0];
  endfunction

  // The formats a lane carries: lane l of a unit of lane_bits takes pairs
  // of a format only when its rate exceeds l (the first rate(w) lanes
  // carry a beat of w-bit pairs). The unit builds its lanes in three
  // classes by this rule: lanes below lane_bits / 8 take every format,
  // those below lane_bits / 4 the formats of fewer than 8 bits, the rest
  // (up to max_lanes) the formats of fewer than 4 bits, ternary today.
  function automatic logic [num_elem_fmts()-1:0] lane_fmts(input int unsigned lane,
                                                           input int unsigned lane_bits);
    lane_fmts = '0;
    for (int unsigned f = 0; f < num_elem_fmts(); f++) begin
      lane_fmts[f] = mxa_hw_pkg::FMT_ELEMENT_MASK[f]
                     && rate(mxa_hw_pkg::fmt_bits(f), lane_bits) > lane;
    end
  endfunction

  // Bits of the scale significand product in the NV mode (15 x 15 = 225;
  // mxa_dpu_scale checks it against the UE4M3 format).
  localparam int unsigned ScaleSigBits = 8;
  // Width of every signed exponent in the unit (values stay within +-400).
  localparam int unsigned ExpBits = 12;
  // Largest block (K elements of one scale) a unit is built for unless
  // told otherwise (its MaxBlock parameter): a block sum has at most this
  // many terms. The block sizes of the interface are 8 to 64.
  localparam int unsigned MaxBlock = 32;
  // Trunc partial sum P: at most max_block + 1 terms below 2^32 units
  // (W <= 32), so |P| < (max_block + 1) x 2^32: 39 signed bits for blocks
  // up to 32 (|P| < 2^38), 40 up to 64.
  function automatic int unsigned trunc_bits(input int unsigned max_block);
    trunc_bits = 32 + $clog2(max_block + 1) + 1;
  endfunction

  // Bits of sig, with the hidden bit: a float's mantissa and hidden bit; an
  // integer's magnitude, up to |-2^(bits-1)| (bits bits); 1 for ternary.
  // docs/rtl-dpu.md 2.1 has the values of today's formats.
  function automatic int unsigned sig_bits(input int unsigned fmt);
    unique case (mxa_hw_pkg::fmt_encoding(fmt))
      mxa_hw_pkg::FMT_ENC_FLOAT: sig_bits = mxa_hw_pkg::fmt_man_bits(fmt) + 1;
      mxa_hw_pkg::FMT_ENC_INT:   sig_bits = mxa_hw_pkg::fmt_bits(fmt);
      default:                   sig_bits = 1;
    endcase
  endfunction

  // Largest sh = exponent field - 1: that of the largest finite magnitude
  // (codes above it are infinities or NaNs and decode with sh 0); 0 for
  // the formats without an exponent.
  function automatic int unsigned sh_max(input int unsigned fmt);
    int unsigned e_max;
    e_max = mxa_hw_pkg::fmt_max_mag(fmt) >> mxa_hw_pkg::fmt_man_bits(fmt);
    if (mxa_hw_pkg::fmt_encoding(fmt) == mxa_hw_pkg::FMT_ENC_FLOAT && e_max > 0) begin
      sh_max = e_max - 1;
    end else begin
      sh_max = 0;
    end
  endfunction

  // Bits of the largest magnitude in units: sig_bits + sh_max.
  function automatic int unsigned val_bits(input int unsigned fmt);
    val_bits = sig_bits(fmt) + sh_max(fmt);
  endfunction

  // Bits needed to hold the value x.
  function automatic int unsigned bits_for(input int unsigned x);
    bits_for = 1;
    for (int unsigned i = 1; i < 32; i++) begin
      if ((x >> i) != 0) bits_for = i + 1;
    end
  endfunction

  // Element pairs a unit of lane_bits takes per beat in a format of `bits`
  // bits (docs/rtl-dpu.md 1, "Rate"): as many as lane_bits bits hold,
  // rounded up, so that a block of B elements takes ceil(B x bits /
  // lane_bits) beats (FP6: 11 pairs of 66 bits at 64, a block of 32 in
  // three beats); a format of fewer than 2 bits counts as 2.
  function automatic int unsigned rate(input int unsigned bits,
                                       input int unsigned lane_bits);
    int unsigned b;
    b    = bits > 2 ? bits : 2;
    rate = (lane_bits + b - 1) / b;
  endfunction

  // The most pairs a beat of a unit of lane_bits carries: the 2-bit rate.
  function automatic int unsigned max_lanes(input int unsigned lane_bits);
    max_lanes = lane_bits / 2;
  endfunction

  // Bits of a significand product sig_a x sig_b of sig_width each: 1 x 1
  // is one bit (a ternary product), wider ones twice the width.
  function automatic int unsigned prod_bits(input int unsigned sig_width);
    prod_bits = sig_width == 1 ? 1 : 2 * sig_width;
  endfunction

  // The widest sig, sh and value over a format set (at least 1 bit each).
  function automatic int unsigned max_sig_bits(input logic [num_elem_fmts()-1:0] fmts);
    max_sig_bits = 1;
    for (int unsigned f = 0; f < num_elem_fmts(); f++) begin
      if (fmts[f] && mxa_hw_pkg::FMT_ELEMENT_MASK[f] && sig_bits(f) > max_sig_bits) begin
        max_sig_bits = sig_bits(f);
      end
    end
  endfunction

  function automatic int unsigned max_sh(input logic [num_elem_fmts()-1:0] fmts);
    max_sh = 0;
    for (int unsigned f = 0; f < num_elem_fmts(); f++) begin
      if (fmts[f] && mxa_hw_pkg::FMT_ELEMENT_MASK[f] && sh_max(f) > max_sh) begin
        max_sh = sh_max(f);
      end
    end
  endfunction

  function automatic int unsigned max_val_bits(input logic [num_elem_fmts()-1:0] fmts);
    max_val_bits = 1;
    for (int unsigned f = 0; f < num_elem_fmts(); f++) begin
      if (fmts[f] && mxa_hw_pkg::FMT_ELEMENT_MASK[f] && val_bits(f) > max_val_bits) begin
        max_val_bits = val_bits(f);
      end
    end
  endfunction

  // Width of a product sig_a x sig_b shifted by sh_a + sh_b, times the
  // scale significand when the lanes apply it: below 2^(2 x val_bits)
  // (2^(2 x val_bits + 8) scaled) for any pair of the set.
  function automatic int unsigned aligned_bits(input logic [num_elem_fmts()-1:0] fmts,
                                               input bit scaled);
    aligned_bits = 2 * max_val_bits(fmts) + (scaled ? ScaleSigBits : 0);
  endfunction

endpackage
