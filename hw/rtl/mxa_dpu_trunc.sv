// SPDX-License-Identifier: MIT
// mxa_dpu_trunc.sv - one block of the trunc accumulation mode
// (docs/numerics.md section 5.2), combinational.
//
// The terms are the partial sum P = pm x 2^pe and the block's scaled
// products q_k, each an integer in units of 2^fexp, the block's frame.
// E is the largest floor(log2 |term|) of the nonzero terms: the lanes give
// the products' largest top bit top_i (relative to the frame), P's is
// pe + its bit length - 1. Every term keeps its bits E .. u = E - W + 1:
//   - the products through mask_o, which clears their bits below
//     v = u - fexp (all bits are kept when v <= 0); the sum stage adds the
//     masked products of the block into sum_i, a multiple of 2^v;
//   - P by shifting its magnitude to units of 2^u, truncating toward zero.
// The new P is sum_i in units of 2^u plus the truncated P: each of the at
// most MaxBlock + 1 terms is below 2^W units, so it fits PBits
// (mxa_dpu_pkg::trunc_bits). When every term is zero, P stays 0.
module mxa_dpu_trunc #(
  parameter int unsigned AlignBits = 72,   // width of an aligned product
  parameter int unsigned SumBits   = 78,   // width of a block sum
  parameter int unsigned TopBits   = 7,
  parameter int unsigned PBits     = 39,   // width of P
  localparam int unsigned ExpBits  = mxa_dpu_pkg::ExpBits
) (
  input  logic [5:0]                 w_i,      // 4 .. 32
  input  logic signed [PBits-1:0]    pm_i,
  input  logic signed [ExpBits-1:0]  pe_i,
  input  logic signed [ExpBits-1:0]  fexp_i,
  input  logic [TopBits-1:0]         top_i,
  input  logic                       nz_i,     // some product is nonzero
  output logic [AlignBits-1:0]       mask_o,
  input  logic signed [SumBits-1:0]  sum_i,    // the masked products, summed
  output logic signed [PBits-1:0]    pm_o,
  output logic signed [ExpBits-1:0]  pe_o
);

  localparam int unsigned WideExp = ExpBits + 2;
  localparam int unsigned LzBits  = $clog2(PBits);
  localparam int unsigned MaskSh  = $clog2(AlignBits + 1);
  localparam int unsigned SumSh   = $clog2(SumBits);
  localparam int unsigned SumExt  = SumBits > PBits ? SumBits : PBits;
  localparam int unsigned PSh     = $clog2(PBits + 1);

  localparam logic signed [WideExp-1:0] MaxMask = WideExp'(AlignBits);
  localparam logic signed [WideExp-1:0] MaxSumSh = WideExp'(SumBits - 1);
  localparam logic signed [WideExp-1:0] MaxPSh = WideExp'(PBits);
  // Left shifts are below W <= 32 when the shifted term is nonzero.
  localparam logic signed [WideExp-1:0] MaxLeft  = 31;

  logic                      p_neg, p_nz, use_q;
  logic [PBits-1:0]          p_mag, p_trunc;
  logic [LzBits-1:0]         p_lead;   // index of P's leading one
  logic signed [WideExp-1:0] p_top, q_top, e, u, v, d;
  logic [MaskSh-1:0]         mask_sh;
  logic signed [PBits-1:0]   sum_u;

  assign p_neg = pm_i < 0;
  assign p_mag = p_neg ? -pm_i : pm_i;
  assign p_nz  = p_mag != '0;

  always_comb begin
    p_lead = '0;
    for (int unsigned i = 0; i < PBits; i++) begin
      if (p_mag[i]) p_lead = LzBits'(i);
    end
  end

  always_comb begin
    p_top = WideExp'(pe_i) + $signed(WideExp'(p_lead));
    q_top = WideExp'(fexp_i) + $signed(WideExp'(top_i));
    use_q = nz_i && (!p_nz || q_top >= p_top);
    e     = use_q ? q_top : p_top;
    u     = e - $signed(WideExp'(w_i)) + WideExp'(1);
    v     = u - WideExp'(fexp_i);
    d     = u - WideExp'(pe_i);

    mask_sh = v <= 0 ? '0 : v >= MaxMask ? MaskSh'(AlignBits) : MaskSh'(v);
    mask_o  = {AlignBits{1'b1}} << mask_sh;
  end

  // Apart from the above: the sum depends on the mask, the mask not on it.
  always_comb begin
    // sum_i is a multiple of 2^v when v > 0, so the shift loses nothing.
    if (v >= 0) begin
      sum_u = PBits'(SumExt'(sum_i) >>> (v > MaxSumSh ? SumSh'(SumBits - 1) : SumSh'(v)));
    end else begin
      sum_u = PBits'(sum_i) <<< (-v > MaxLeft ? 5'd31 : 5'(-v));
    end

    if (d >= 0) begin
      p_trunc = p_mag >> (d > MaxPSh ? PSh'(PBits) : PSh'(d));
    end else begin
      p_trunc = p_mag << (-d > MaxLeft ? 5'd31 : 5'(-d));
    end

    if (nz_i || p_nz) begin
      pm_o = sum_u + (p_neg ? -$signed(p_trunc) : $signed(p_trunc));
      pe_o = ExpBits'(u);
    end else begin
      pm_o = '0;
      pe_o = pe_i;
    end
  end

endmodule
