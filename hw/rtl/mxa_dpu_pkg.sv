// SPDX-License-Identifier: MIT
// mxa_dpu_pkg.sv - the element formats as the dot-product unit sees them
// (docs/numerics.md section 1, docs/rtl-dpu.md): every finite value is
// (-1)^s x sig x 2^sh units of the format's lsb, and these tables give the
// widths of sig and sh, from which the unit sizes its datapath for the set
// of formats it is built for.
package mxa_dpu_pkg;

  // Element formats are mxa_hw_pkg::fmt_e values 0 (E5M2) to 6 (TERNARY); a
  // format set is a mask with bit f for format f.
  localparam int unsigned NumElemFmts = 7;
  localparam logic [NumElemFmts-1:0] AllFmts = 7'h7f;
  // The formats of at most 6 bits: the only ones the second half of the
  // lanes ever carries, since a beat holds at most half as many 8-bit pairs
  // as lanes.
  localparam logic [NumElemFmts-1:0] NarrowFmts = 7'b101_1100;

  // Bits of the scale significand product in the NV mode (15 x 15 = 225).
  localparam int unsigned ScaleSigBits = 8;
  // Width of every signed exponent in the unit (values stay within +-400).
  localparam int unsigned ExpBits = 12;
  // Largest block (K elements of one scale): a block sum has at most this
  // many terms.
  localparam int unsigned MaxBlock = 32;
  // Trunc partial sum P: at most 33 terms below 2^32 units (W <= 32), so
  // |P| < 2^38 and it fits 39 signed bits.
  localparam int unsigned TruncBits = 39;

  //   format   sig (with hidden bit)   sh = exponent - 1   largest |value|
  //   e5m2     3 bits                  0 .. 29             7 x 2^29 units
  //   e4m3     4 bits                  0 .. 14             15 x 2^14
  //   e3m2     3 bits                  0 .. 6              7 x 2^6
  //   e2m3     4 bits                  0 .. 2              15 x 2^2
  //   e2m1     2 bits                  0 .. 2              3 x 2^2
  //   int8     8 bits (|-128|)         0                   128
  //   ternary  1 bit                   0                   1
  function automatic int unsigned sig_bits(input int unsigned fmt);
    unique case (fmt)
      0: sig_bits = 3;
      1: sig_bits = 4;
      2: sig_bits = 3;
      3: sig_bits = 4;
      4: sig_bits = 2;
      5: sig_bits = 8;
      6: sig_bits = 1;
      default: sig_bits = 1;
    endcase
  endfunction

  function automatic int unsigned sh_max(input int unsigned fmt);
    unique case (fmt)
      0: sh_max = 29;
      1: sh_max = 14;
      2: sh_max = 6;
      3: sh_max = 2;
      4: sh_max = 2;
      default: sh_max = 0;
    endcase
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

  // The widest sig, sh and value over a format set (at least 1 bit each).
  function automatic int unsigned max_sig_bits(input logic [NumElemFmts-1:0] fmts);
    max_sig_bits = 1;
    for (int unsigned f = 0; f < NumElemFmts; f++) begin
      if (fmts[f] && sig_bits(f) > max_sig_bits) max_sig_bits = sig_bits(f);
    end
  endfunction

  function automatic int unsigned max_sh(input logic [NumElemFmts-1:0] fmts);
    max_sh = 0;
    for (int unsigned f = 0; f < NumElemFmts; f++) begin
      if (fmts[f] && sh_max(f) > max_sh) max_sh = sh_max(f);
    end
  endfunction

  function automatic int unsigned max_val_bits(input logic [NumElemFmts-1:0] fmts);
    max_val_bits = 1;
    for (int unsigned f = 0; f < NumElemFmts; f++) begin
      if (fmts[f] && val_bits(f) > max_val_bits) max_val_bits = val_bits(f);
    end
  endfunction

  // Width of a product sig_a x sig_b shifted by sh_a + sh_b, times the
  // scale significand when the lanes apply it: below 2^(2 x val_bits)
  // (2^(2 x val_bits + 8) scaled) for any pair of the set.
  function automatic int unsigned aligned_bits(input logic [NumElemFmts-1:0] fmts,
                                               input bit scaled);
    aligned_bits = 2 * max_val_bits(fmts) + (scaled ? ScaleSigBits : 0);
  endfunction

endpackage
