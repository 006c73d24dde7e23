// SPDX-License-Identifier: MIT
// mxa_dpu_dec.sv - one element code in the uniform form of the dot-product
// unit: a finite value is (-1)^neg x sig x 2^sh units of the format's lsb
// (docs/numerics.md section 1); infinities and NaNs are flagged and have
// sig 0. Codes were validated by the feeder: bits above the format's width
// and the invalid ternary code 10 are not looked at again. A format outside
// Formats decodes as zero, so the synthesizer drops its logic.
//
//   format   code          normal (e != 0)        subnormal (e == 0)
//   e5m2     s eeeee mm    sig 1mm,  sh e-1       sig 0mm,  sh 0
//            e = 31: mm = 0 is +-inf, otherwise NaN
//   e4m3     s eeee mmm    sig 1mmm, sh e-1       sig 0mmm, sh 0
//            s.1111.111 is NaN; no infinity
//   e3m2     s eee mm      sig 1mm,  sh e-1       sig 0mm,  sh 0
//   e2m3     s ee mmm      sig 1mmm, sh e-1       sig 0mmm, sh 0
//   e2m1     s ee m        sig 1m,   sh e-1       sig 0m,   sh 0
//   int8     two's complement: neg = bit 7, sig = |code| (up to 128), sh 0
//   ternary  01 = +1, 11 = -1, 00 = 0
module mxa_dpu_dec #(
  parameter logic [mxa_dpu_pkg::NumElemFmts-1:0] Formats = mxa_dpu_pkg::AllFmts,
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

  logic [7:0] sig;
  logic [4:0] sh;

  always_comb begin
    neg_o = 1'b0;
    sig   = '0;
    sh    = '0;
    inf_o = 1'b0;
    nan_o = 1'b0;
    unique case (fmt_i)
      mxa_hw_pkg::FMT_E5M2: begin
        if (Formats[0]) begin
          neg_o = code_i[7];
          if (code_i[6:2] == 5'd31) begin
            inf_o = code_i[1:0] == 2'd0;
            nan_o = code_i[1:0] != 2'd0;
          end else if (code_i[6:2] == 5'd0) begin
            sig = {6'd0, code_i[1:0]};
          end else begin
            sig = {5'd0, 1'b1, code_i[1:0]};
            sh  = code_i[6:2] - 5'd1;
          end
        end
      end
      mxa_hw_pkg::FMT_E4M3: begin
        if (Formats[1]) begin
          neg_o = code_i[7];
          if (code_i[6:0] == 7'h7f) begin
            nan_o = 1'b1;
          end else if (code_i[6:3] == 4'd0) begin
            sig = {5'd0, code_i[2:0]};
          end else begin
            sig = {4'd0, 1'b1, code_i[2:0]};
            sh  = {1'b0, code_i[6:3] - 4'd1};
          end
        end
      end
      mxa_hw_pkg::FMT_E3M2: begin
        if (Formats[2]) begin
          neg_o = code_i[5];
          if (code_i[4:2] == 3'd0) begin
            sig = {6'd0, code_i[1:0]};
          end else begin
            sig = {5'd0, 1'b1, code_i[1:0]};
            sh  = {2'd0, code_i[4:2] - 3'd1};
          end
        end
      end
      mxa_hw_pkg::FMT_E2M3: begin
        if (Formats[3]) begin
          neg_o = code_i[5];
          if (code_i[4:3] == 2'd0) begin
            sig = {5'd0, code_i[2:0]};
          end else begin
            sig = {4'd0, 1'b1, code_i[2:0]};
            sh  = {3'd0, code_i[4:3] - 2'd1};
          end
        end
      end
      mxa_hw_pkg::FMT_E2M1: begin
        if (Formats[4]) begin
          neg_o = code_i[3];
          if (code_i[2:1] == 2'd0) begin
            sig = {7'd0, code_i[0]};
          end else begin
            sig = {6'd0, 1'b1, code_i[0]};
            sh  = {3'd0, code_i[2:1] - 2'd1};
          end
        end
      end
      mxa_hw_pkg::FMT_INT8: begin
        if (Formats[5]) begin
          neg_o = code_i[7];
          sig   = code_i[7] ? 8'd0 - code_i : code_i;
        end
      end
      mxa_hw_pkg::FMT_TERNARY: begin
        if (Formats[6]) begin
          neg_o = code_i[1];
          sig   = {7'd0, code_i[0]};
        end
      end
      default: ;
    endcase
  end

  assign sig_o = sig[SigBits-1:0];
  assign sh_o  = sh[ShBits-1:0];

  // Bits above the widths of Formats are constant zero.
  if (SigBits < 8) begin : g_sig_unused
    logic unused_sig;
    assign unused_sig = ^sig[7:SigBits];
  end
  if (ShBits < 5) begin : g_sh_unused
    logic unused_sh;
    assign unused_sh = ^sh[4:ShBits];
  end

endmodule
