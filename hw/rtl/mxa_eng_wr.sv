// SPDX-License-Identifier: MIT
// mxa_eng_wr.sv - the result writer: the array's results of each output
// tile (all Rows x Cols of them in one cycle) wait in a queue, and each
// valid row of the tile becomes one write of D: Cols or fewer FP32 or BF16
// values at D_ADDR + i x D_STRIDE + j0 x size. Tiles come in the
// sequencer's order (mxa_eng_seq: along the rows of D, panel by panel),
// which this block follows with its own counters. The queue never overflows: a tile starts only with a credit,
// and a credit comes back when a tile's last write has its data.
module mxa_eng_wr #(
  parameter int unsigned Rows     = 8,
  parameter int unsigned Cols     = 2,
  parameter int unsigned DataBits = 256,
  parameter int unsigned Depth    = 32,    // tiles queued, a power of two
  localparam int unsigned ResBits = Rows * Cols * 32
) (
  input  logic                    clk_i,
  input  logic                    rst_ni,
  input  logic                    clr_i,
  input  logic                    start_i,

  input  logic [31:0]             m_i,
  input  logic [31:0]             n_i,
  input  logic                    bf16_i,
  input  logic [63:0]             d_addr_i,
  input  logic [31:0]             d_stride_i,

  // A tile's results, output (r, c) in bits 32(r Cols + c) + 31 ... (BF16
  // in the low half).
  input  logic                    res_valid_i,
  input  logic [ResBits-1:0]      res_i,

  output logic                    credit_o,   // a tile has left the queue
  output logic                    done_o,     // every tile written

  output logic                    wr_req_valid_o,
  input  logic                    wr_req_ready_i,
  output mxa_shell_pkg::mem_req_t wr_req_o,
  output logic                    wr_valid_o,
  input  logic                    wr_ready_i,
  output logic [DataBits-1:0]     wr_data_o
);

  localparam int unsigned RowBits  = Cols * 32;
  // A row of the tile, padded to whole bus words.
  localparam int unsigned BusWords = (RowBits + DataBits - 1) / DataBits;
  localparam int unsigned PadBits  = BusWords * DataBits;
  localparam int unsigned BeatBits = BusWords > 1 ? $clog2(BusWords) : 1;
  localparam int unsigned RBits    = $clog2(Rows + 1);
  localparam int unsigned CBits    = $clog2(Cols + 1);

  typedef enum logic [1:0] {
    R_IDLE,
    R_RUN,
    R_DONE
  } state_e;

  state_e               st_q;
  logic [31:0]          t_mrem_q, t_nrem_q;
  logic [63:0]          row_ptr_q;      // D row i0, column 0: the panel's start
  logic [63:0]          tile_ptr_q;     // D row i0, column j0: the tile's
  logic [63:0]          req_ptr_q;      // D row of the next request
  logic [RBits-1:0]     req_row_q, dat_row_q;
  logic [BeatBits-1:0]  beat_q;

  logic                 q_empty, q_full, q_pop;
  logic [ResBits-1:0]   q_head;

  mxa_fifo #(
    .Width (ResBits),
    .Depth (Depth)
  ) u_queue (
    .clk_i,
    .rst_ni,
    .clr_i   (clr_i),
    .push_i  (res_valid_i),
    .data_i  (res_i),
    .pop_i   (q_pop),
    .data_o  (q_head),
    .empty_o (q_empty),
    .full_o  (q_full),
    .count_o ()
  );

  logic [RBits-1:0]     vr;
  logic [CBits-1:0]     vc;
  logic [31:0]          len;
  logic [BeatBits:0]    beats;
  logic                 req_fire, dat_fire, row_done, tile_done, panel_end;
  logic [63:0]          next_row, next_tile;
  logic [RowBits-1:0]   row32;
  logic [PadBits-1:0]   row;

  assign vr    = t_mrem_q < 32'(Rows) ? RBits'(t_mrem_q) : RBits'(Rows);
  assign vc    = t_nrem_q < 32'(Cols) ? CBits'(t_nrem_q) : CBits'(Cols);
  assign len   = bf16_i ? 32'(vc) << 1 : 32'(vc) << 2;
  assign beats = (BeatBits + 1)'((len + 32'(DataBits / 8 - 1)) / 32'(DataBits / 8));

  // The row of the tile being sent, packed as D holds it.
  assign row32 = q_head[32'(dat_row_q) * RowBits +: RowBits];
  always_comb begin
    row = '0;
    for (int c = 0; c < Cols; c++) begin
      if (bf16_i) row[16*c +: 16] = row32[32*c +: 16];
      else        row[32*c +: 32] = row32[32*c +: 32];
    end
  end

  assign wr_req_valid_o = st_q == R_RUN && !q_empty && req_row_q != vr;
  assign wr_req_o       = {req_ptr_q, len, 3'(mxa_hw_pkg::STREAM_D)};
  assign wr_valid_o     = st_q == R_RUN && !q_empty && dat_row_q != req_row_q;
  assign wr_data_o      = row[32'(beat_q) * DataBits +: DataBits];

  assign req_fire  = wr_req_valid_o && wr_req_ready_i;
  assign dat_fire  = wr_valid_o && wr_ready_i;
  assign row_done  = dat_fire && (BeatBits + 1)'(beat_q) + 1'b1 == beats;
  assign tile_done = row_done && dat_row_q + 1'b1 == vr;
  assign panel_end = t_nrem_q <= 32'(Cols);
  assign next_row  = row_ptr_q + 64'(d_stride_i) * 64'(Rows);
  assign next_tile = tile_ptr_q + (bf16_i ? 64'(2 * Cols) : 64'(4 * Cols));
  assign q_pop     = tile_done;
  assign credit_o  = tile_done;
  assign done_o    = st_q == R_DONE;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      st_q      <= R_IDLE;
      t_mrem_q  <= '0;
      t_nrem_q  <= '0;
      row_ptr_q  <= '0;
      tile_ptr_q <= '0;
      req_ptr_q  <= '0;
      req_row_q <= '0;
      dat_row_q <= '0;
      beat_q    <= '0;
    end else if (clr_i) begin
      st_q <= R_IDLE;
    end else if (start_i) begin
      st_q      <= R_RUN;
      t_mrem_q  <= m_i;
      t_nrem_q  <= n_i;
      row_ptr_q  <= d_addr_i;
      tile_ptr_q <= d_addr_i;
      req_ptr_q  <= d_addr_i;
      req_row_q <= '0;
      dat_row_q <= '0;
      beat_q    <= '0;
    end else begin
      if (req_fire) begin
        req_row_q <= req_row_q + 1'b1;
        req_ptr_q <= req_ptr_q + 64'(d_stride_i);
      end
      if (dat_fire) begin
        beat_q <= row_done ? '0 : beat_q + 1'b1;
        if (row_done) dat_row_q <= dat_row_q + 1'b1;
      end
      if (tile_done) begin
        req_row_q <= '0;
        dat_row_q <= '0;
        if (panel_end) begin
          t_nrem_q   <= n_i;
          t_mrem_q   <= t_mrem_q - 32'(Rows);
          row_ptr_q  <= next_row;
          tile_ptr_q <= next_row;
          req_ptr_q  <= next_row;
          if (t_mrem_q <= 32'(Rows)) st_q <= R_DONE;
        end else begin
          t_nrem_q   <= t_nrem_q - 32'(Cols);
          tile_ptr_q <= next_tile;
          req_ptr_q  <= next_tile;
        end
      end
    end
  end

`ifndef SYNTHESIS
  // The sequencer's credits keep the queue from overflowing.
  always @(posedge clk_i) begin
    if (rst_ni && res_valid_i) begin
      assert (!q_full || q_pop)
        else $error("mxa_eng_wr: result queue overflow");
    end
  end
`endif

endmodule
