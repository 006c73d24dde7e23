// SPDX-License-Identifier: MIT
// mxa_dpu_dec.sv - one element code in the uniform form of the dot-product
// unit: a finite value is (-1)^neg x sig x 2^sh units of the format's lsb
// (docs/numerics.md section 1); infinities and NaNs are flagged and have
// sig 0 and sh 0. Codes were validated by the feeder: bits above the
// format's width and the invalid ternary code 10 are not looked at again. A
// format outside Formats decodes as zero, so the synthesizer drops its
// logic.
//
// Every format is decoded from its description (hw/interface/
// mxa_formats.toml, through the format functions of mxa_hw_pkg), by its
// encoding:
//
//   float    s e..e m..m: e != 0: sig 1m..m, sh e-1; e == 0: sig 0m..m, sh 0
//            (a format without sign bit has neg 0); specials:
//              ieee  e all ones: m == 0 is +-inf, otherwise NaN
//              fn    e and m all ones is NaN; no infinity
//              fnuz  the code with only the sign bit set is NaN (so there
//                    is no -0); no infinity
//              none  every code is finite
//   int      two's complement of fmt_bits bits: neg = top bit, sig = |code|
//            (up to 2^(bits-1)), sh 0
//   ternary  01 = +1, 11 = -1, 00 = 0
//
// Each format of Formats gets its own decoder with the format's constants,
// and fmt_i selects among their results: the constants fold each decoder
// to the few gates of its format. The decoders hand over a normal number's
// exponent field rather than sh, so that one decrement after the selection
// serves every float format.
module mxa_dpu_dec #(
  parameter logic [mxa_dpu_pkg::num_elem_fmts()-1:0] Formats = mxa_dpu_pkg::all_fmts(),
  parameter int unsigned SigBits = 8,   // >= max_sig_bits(Formats)
  parameter int unsigned ShBits  = 5    // holds max_sh(Formats)
) (
  input  mxa_hw_pkg::fmt_e    fmt_i,
  input  logic [7:0]          code_i,
  output logic                neg_o,
  output logic [SigBits-1:0]  sig_o,
  output logic [ShBits-1:0]   sh_o,
  output logic                inf_o,
  output logic                nan_o
);

  localparam int unsigned NumFmts = mxa_dpu_pkg::num_elem_fmts();

  if (SigBits < mxa_dpu_pkg::max_sig_bits(Formats)
      || ShBits < mxa_dpu_pkg::bits_for(mxa_dpu_pkg::max_sh(Formats))) begin : g_check_widths
    $error("mxa_dpu_dec: SigBits or ShBits too small for Formats");
  end

  // The decoders' results, format f at index f (zero for a format left
  // out): norm says sh = exponent field - 1 (efields holds the field's low
  // ShBits bits, which give the low bits of the difference), otherwise
  // sh = 0.
  logic [NumFmts-1:0]         negs, norms, infs, nans;
  logic [NumFmts*SigBits-1:0] sigs;
  logic [NumFmts*ShBits-1:0]  efields;

  for (genvar f = 0; f < NumFmts; f++) begin : g_fmt
    localparam int unsigned Bits = mxa_hw_pkg::fmt_bits(f);
    localparam int unsigned Enc  = mxa_hw_pkg::fmt_encoding(f);

    logic               neg, norm, inf, nan;
    logic [SigBits-1:0] sig;
    logic [ShBits-1:0]  efield;

    if (!Formats[f] || !mxa_hw_pkg::FMT_ELEMENT_MASK[f]) begin : g_off
      assign neg    = 1'b0;
      assign sig    = '0;
      assign norm   = 1'b0;
      assign efield = '0;
      assign inf    = 1'b0;
      assign nan    = 1'b0;
    end else if (Enc == mxa_hw_pkg::FMT_ENC_FLOAT) begin : g_float
      localparam int unsigned E    = mxa_hw_pkg::fmt_exp_bits(f);
      localparam int unsigned M    = mxa_hw_pkg::fmt_man_bits(f);
      localparam int unsigned Spec = mxa_hw_pkg::fmt_specials(f);
      localparam bit          Sgn  = mxa_hw_pkg::fmt_signed(f) != 0;
      // Fields as 8-bit values: e = code[M+E-1:M], m = code[M-1:0], the
      // sign (if any) right above e.
      localparam logic [7:0]  EOnes  = 8'((1 << E) - 1);
      localparam logic [7:0]  MOnes  = 8'((1 << M) - 1);
      localparam logic [7:0]  Hidden = 8'(1 << M);
      localparam int unsigned SignAt = Sgn ? E + M : 0;

      logic [7:0] e, m;
      logic       s, special;

      assign e = (code_i >> M) & EOnes;
      assign m = code_i & MOnes;
      assign s = Sgn && code_i[SignAt];

      assign inf = Spec == mxa_hw_pkg::FMT_SPECIALS_IEEE && e == EOnes && m == '0;
      assign nan = (Spec == mxa_hw_pkg::FMT_SPECIALS_IEEE && e == EOnes && m != '0)
                || (Spec == mxa_hw_pkg::FMT_SPECIALS_FN && e == EOnes && m == MOnes)
                || (Spec == mxa_hw_pkg::FMT_SPECIALS_FNUZ && s && e == '0 && m == '0);
      assign special = inf || nan;

      assign neg    = s;
      assign norm   = !special && e != '0;
      assign sig    = special ? '0 : norm ? SigBits'(Hidden | m) : SigBits'(m);
      assign efield = ShBits'(e);
    end else if (Enc == mxa_hw_pkg::FMT_ENC_INT) begin : g_int
      // |code| fits Bits bits as an unsigned number, -2^(Bits-1) included
      // (negated at that width, before widening).
      logic [Bits-1:0] c, mag;

      assign c      = code_i[Bits-1:0];
      assign mag    = c[Bits-1] ? Bits'(0) - c : c;
      assign neg    = c[Bits-1];
      assign sig    = SigBits'(mag);
      assign norm   = 1'b0;
      assign efield = '0;
      assign inf    = 1'b0;
      assign nan    = 1'b0;
    end else if (Enc == mxa_hw_pkg::FMT_ENC_TERNARY) begin : g_ternary
      assign neg    = code_i[1];
      assign sig    = SigBits'(code_i[0]);
      assign norm   = 1'b0;
      assign efield = '0;
      assign inf    = 1'b0;
      assign nan    = 1'b0;
    end else begin : g_unknown
      $error("mxa_dpu_dec: format %0d has an encoding the unit cannot decode", f);
    end

    assign negs[f]                     = neg;
    assign sigs[f*SigBits +: SigBits]  = sig;
    assign norms[f]                    = norm;
    assign efields[f*ShBits +: ShBits] = efield;
    assign infs[f]                     = inf;
    assign nans[f]                     = nan;
  end

  // A set of narrow formats leaves the high bits of code_i unread.
  logic unused_code;
  assign unused_code = ^code_i;

  logic              norm;
  logic [ShBits-1:0] efield;

  // A value that is not an element format decodes as zero too.
  always_comb begin
    neg_o  = 1'b0;
    sig_o  = '0;
    norm   = 1'b0;
    efield = '0;
    inf_o  = 1'b0;
    nan_o  = 1'b0;
    for (int unsigned f = 0; f < NumFmts; f++) begin
      if (32'(fmt_i) == f) begin
        neg_o  = negs[f];
        sig_o  = sigs[f*SigBits +: SigBits];
        norm   = norms[f];
        efield = efields[f*ShBits +: ShBits];
        inf_o  = infs[f];
        nan_o  = nans[f];
      end
    end
  end

  // sh = efield - 1 in plain gates (bit i flips when the bits below it
  // are 0) rather than an adder, which the synthesizer would map to a carry
  // chain that it cannot merge with the selection.
  logic [ShBits-1:0] efield_m1;

  always_comb begin
    for (int unsigned i = 0; i < ShBits; i++) begin
      efield_m1[i] = efield[i] ^ ((efield & ShBits'((1 << i) - 1)) == '0);
    end
  end

  assign sh_o = norm ? efield_m1 : '0;

endmodule
