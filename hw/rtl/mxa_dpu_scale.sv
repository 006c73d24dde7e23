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

  logic [3:0] a_sig, b_sig, a_sh, b_sh;

  // UE4M3 codes 0x80 and above were rejected by the feeder: bit 7 is unused.
  assign a_sig = {a_code_i[6:3] != 4'd0, a_code_i[2:0]};
  assign b_sig = {b_code_i[6:3] != 4'd0, b_code_i[2:0]};
  assign a_sh  = a_code_i[6:3] == 4'd0 ? 4'd0 : a_code_i[6:3] - 4'd1;
  assign b_sh  = b_code_i[6:3] == 4'd0 ? 4'd0 : b_code_i[6:3] - 4'd1;

  always_comb begin
    ms_o   = 8'd1;
    es_o   = '0;
    nan_o  = 1'b0;
    zero_o = 1'b0;
    unique case (mode_i)
      mxa_hw_pkg::SCALE_MX: begin
        es_o  = $signed(ExpBits'(a_code_i)) + $signed(ExpBits'(b_code_i)) -
                ExpBits'(254);
        nan_o = a_code_i == 8'hff || b_code_i == 8'hff;
      end
      mxa_hw_pkg::SCALE_NV: begin
        ms_o   = 8'(a_sig) * 8'(b_sig);
        es_o   = $signed(ExpBits'(a_sh)) + $signed(ExpBits'(b_sh)) - ExpBits'(18);
        nan_o  = a_code_i[6:0] == 7'h7f || b_code_i[6:0] == 7'h7f;
        zero_o = a_sig == 4'd0 || b_sig == 4'd0;
      end
      default: ;
    endcase
  end

endmodule
