// SPDX-License-Identifier: MIT
// mxa_dpu_scale.sv - the two block scales of a block as one factor
// ms x 2^es (docs/numerics.md section 2): ms multiplies every product in
// the lanes, es joins the block's exponent.
//
//   mode   code                       ms               es
//   none   (ignored)                  1                0
//   mx     e8m0 xa, xb: 2^(x-127)     1                xa + xb - 254
//   nv     ue4m3 0eeeemmm: as e4m3    sig_a x sig_b    sh_a + sh_b - 18
//          (sig 1mmm, sh e-1; e = 0: sig 0mmm, sh 0; units of 2^-9)
// NaN: e8m0 0xFF, ue4m3 0x7F. Only nv has a zero scale (ms = 0).
//
// The scale format of each mode is fixed by the mode; the constants above
// (field widths, -254 = 2 lsb(e8m0), -18 = 2 lsb(ue4m3), the NaN codes)
// come from those formats' descriptions in mxa_hw_pkg.
module mxa_dpu_scale (
  input  mxa_hw_pkg::scale_e  mode_i,
  input  logic [7:0]          a_code_i,
  input  logic [7:0]          b_code_i,
  output logic [mxa_dpu_pkg::ScaleSigBits-1:0]      ms_o,
  output logic signed [mxa_dpu_pkg::ExpBits-1:0]    es_o,
  output logic                nan_o,
  output logic                zero_o
);

  localparam int unsigned ExpBits = mxa_dpu_pkg::ExpBits;
  localparam int unsigned SigBits = mxa_dpu_pkg::ScaleSigBits;

  // MX: a power of two, the code its biased exponent; NaN at all ones.
  localparam int unsigned MxFmt = 32'(mxa_hw_pkg::FMT_E8M0);
  localparam int          MxLsb = mxa_hw_pkg::fmt_lsb(MxFmt);
  // NV: an unsigned float; NaN at exponent and mantissa all ones.
  localparam int unsigned NvFmt = 32'(mxa_hw_pkg::FMT_UE4M3);
  localparam int unsigned NvE   = mxa_hw_pkg::fmt_exp_bits(NvFmt);
  localparam int unsigned NvM   = mxa_hw_pkg::fmt_man_bits(NvFmt);
  localparam int          NvLsb = mxa_hw_pkg::fmt_lsb(NvFmt);
  localparam logic [7:0]  NvEOnes = 8'((1 << NvE) - 1);
  localparam logic [7:0]  NvMOnes = 8'((1 << NvM) - 1);

  if (mxa_hw_pkg::fmt_encoding(MxFmt) != mxa_hw_pkg::FMT_ENC_POW2
      || mxa_hw_pkg::fmt_exp_bits(MxFmt) != 8
      || mxa_hw_pkg::fmt_specials(MxFmt) != mxa_hw_pkg::FMT_SPECIALS_FN) begin : g_check_mx
    $error("mxa_dpu_scale: the MX scale format is not an 8-bit power of two with NaN at 0xFF");
  end
  if (mxa_hw_pkg::fmt_encoding(NvFmt) != mxa_hw_pkg::FMT_ENC_FLOAT
      || mxa_hw_pkg::fmt_signed(NvFmt) != 0
      || mxa_hw_pkg::fmt_specials(NvFmt) != mxa_hw_pkg::FMT_SPECIALS_FN
      || SigBits != 2 * (NvM + 1)) begin : g_check_nv
    $error("mxa_dpu_scale: the NV scale format does not fit ScaleSigBits or its NaN rule");
  end

  logic [7:0]     a_e, b_e, a_m, b_m;
  logic [NvM:0]   a_sig, b_sig;
  logic [NvE-1:0] a_sh, b_sh;

  // UE4M3 codes with a bit above the exponent set were rejected by the
  // feeder: those bits are unused.
  assign a_e   = (a_code_i >> NvM) & NvEOnes;
  assign b_e   = (b_code_i >> NvM) & NvEOnes;
  assign a_m   = a_code_i & NvMOnes;
  assign b_m   = b_code_i & NvMOnes;
  assign a_sig = {a_e != '0, a_m[NvM-1:0]};
  assign b_sig = {b_e != '0, b_m[NvM-1:0]};
  assign a_sh  = a_e == '0 ? '0 : NvE'(a_e) - NvE'(1);
  assign b_sh  = b_e == '0 ? '0 : NvE'(b_e) - NvE'(1);

  always_comb begin
    ms_o   = SigBits'(1);
    es_o   = '0;
    nan_o  = 1'b0;
    zero_o = 1'b0;
    unique case (mode_i)
      mxa_hw_pkg::SCALE_MX: begin
        es_o  = $signed(ExpBits'(a_code_i)) + $signed(ExpBits'(b_code_i)) -
                ExpBits'(-2 * MxLsb);
        nan_o = a_code_i == 8'hff || b_code_i == 8'hff;
      end
      mxa_hw_pkg::SCALE_NV: begin
        ms_o   = SigBits'(a_sig) * SigBits'(b_sig);
        es_o   = $signed(ExpBits'(a_sh)) + $signed(ExpBits'(b_sh)) - ExpBits'(-2 * NvLsb);
        nan_o  = (a_e == NvEOnes && a_m == NvMOnes) || (b_e == NvEOnes && b_m == NvMOnes);
        zero_o = a_sig == '0 || b_sig == '0;
      end
      default: ;
    endcase
  end

  // Bits of a_m and b_m above the mantissa are constant zero.
  logic unused_m;
  assign unused_m = ^{a_m, b_m};

endmodule
