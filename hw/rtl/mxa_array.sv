// SPDX-License-Identifier: MIT
// mxa_array.sv - the output-stationary array: Rows x Cols dot-product units
// (mxa_dpu), unit (r, c) computing the output of row r and column c of the
// current tile. Row r's A codes and scale go to every unit of the row,
// column c's B codes and scale to every unit of the column; the beat's
// control (count, first, block end, last) goes to all. All units therefore
// see the same beats and deliver their results in the same cycle.
module mxa_array #(
  parameter int unsigned Rows      = 8,
  parameter int unsigned Cols      = 2,
  parameter int unsigned LaneBits  = 64,
  parameter logic [mxa_dpu_pkg::num_elem_fmts()-1:0] Formats = mxa_dpu_pkg::all_fmts(),
  parameter bit          TruncMode = 1'b1,
  parameter bit          ExactMode = 1'b1,
  parameter int unsigned KBits     = 20,
  parameter int unsigned MaxBlock  = mxa_dpu_pkg::MaxBlock,
  localparam int unsigned Lanes    = mxa_dpu_pkg::max_lanes(LaneBits),
  localparam int unsigned CntBits  = $clog2(Lanes + 1)
) (
  input  logic                      clk_i,
  input  logic                      rst_ni,

  input  mxa_hw_pkg::fmt_e          a_fmt_i,
  input  mxa_hw_pkg::fmt_e          b_fmt_i,
  input  mxa_hw_pkg::scale_e        scale_i,
  input  mxa_hw_pkg::acc_e          acc_i,
  input  logic [5:0]                trunc_w_i,
  input  logic [13:0]               trunc_blocks_i,
  input  logic [31:0]               g_i,

  input  logic                      beat_valid_i,
  input  logic [CntBits-1:0]        beat_count_i,
  input  logic                      beat_first_i,
  input  logic                      beat_block_end_i,
  input  logic                      beat_last_i,
  input  logic [Rows*Lanes*8-1:0]   a_codes_i,    // row r: bits r Lanes 8 ...
  input  logic [Cols*Lanes*8-1:0]   b_codes_i,
  input  logic [Rows*8-1:0]         a_scales_i,
  input  logic [Cols*8-1:0]         b_scales_i,
  input  logic [Rows*Cols*32-1:0]   c_i,          // (r, c): bits 32(r Cols + c) ...

  output logic                      res_valid_o,
  output logic [Rows*Cols*32-1:0]   res_fp32_o,
  output logic [Rows*Cols*16-1:0]   res_bf16_o,
  output logic                      idle_o
);

  logic [Rows*Cols-1:0] res_valid, ready, idle;

  for (genvar r = 0; r < Rows; r++) begin : g_row
    for (genvar c = 0; c < Cols; c++) begin : g_col
      localparam int unsigned U = r * Cols + c;
      mxa_dpu #(
        .LaneBits  (LaneBits),
        .Formats   (Formats),
        .TruncMode (TruncMode),
        .ExactMode (ExactMode),
        .KBits     (KBits),
        .MaxBlock  (MaxBlock)
      ) u_dpu (
        .clk_i,
        .rst_ni,
        .a_fmt_i,
        .b_fmt_i,
        .scale_i,
        .acc_i,
        .trunc_w_i,
        .trunc_blocks_i,
        .g_i,
        .beat_valid_i,
        .beat_ready_o     (ready[U]),
        .a_codes_i        (a_codes_i[r*Lanes*8 +: Lanes*8]),
        .b_codes_i        (b_codes_i[c*Lanes*8 +: Lanes*8]),
        .beat_count_i,
        .beat_first_i,
        .c_i              (c_i[32*U +: 32]),
        .beat_block_end_i,
        .beat_last_i,
        .a_scale_i        (a_scales_i[8*r +: 8]),
        .b_scale_i        (b_scales_i[8*c +: 8]),
        .res_valid_o      (res_valid[U]),
        .res_fp32_o       (res_fp32_o[32*U +: 32]),
        .res_bf16_o       (res_bf16_o[16*U +: 16]),
        .idle_o           (idle[U])
      );
    end
  end

  assign res_valid_o = res_valid[0];
  assign idle_o      = &idle;

`ifndef SYNTHESIS
  // Every unit sees the same beats: they take each one (the feeder keeps
  // the unit's rules, docs/rtl-dpu.md 1) and finish together.
  always @(posedge clk_i) begin
    if (rst_ni) begin
      assert (!beat_valid_i || &ready)
        else $error("mxa_array: a unit refused a beat");
      assert (res_valid == '0 || &res_valid)
        else $error("mxa_array: units finished apart");
    end
  end
`endif

endmodule
