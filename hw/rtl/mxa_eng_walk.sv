// SPDX-License-Identifier: MIT
// mxa_eng_walk.sv - the list of operand rows a job reads, in the order the
// engine reads them (docs/rtl-engine.md 3). The engine has two of these:
// one issues the read requests, the other follows the data as it returns
// (in request order) and says where each row goes, so the two can never
// disagree.
//
// The order: the A panel of output rows 0 ... Rows-1 (for each row its SA
// row, then its A row), then for each panel p of Rows rows and each tile of
// Cols output columns: the tile's SB and B rows (column by column) and its
// C row segments; after the first tile of panel p, the A panel p + 1, which
// loads while panel p computes. Panels of A go to the two A banks
// alternately, tiles of B (with their C) to the two B banks alternately.
module mxa_eng_walk #(
  parameter int unsigned Rows = 8,
  parameter int unsigned Cols = 2,
  localparam int unsigned IdxBits = mxa_eng_pkg::idx_bits(Rows, Cols)
) (
  input  logic                clk_i,
  input  logic                rst_ni,
  input  logic                clr_i,     // drop the job
  input  logic                start_i,   // a job: the configuration is valid
  input  logic                next_i,    // the current row is done

  input  logic [31:0]         m_i,
  input  logic [31:0]         n_i,
  input  logic                scaled_i,
  input  logic                has_c_i,
  input  logic [63:0]         a_addr_i,
  input  logic [63:0]         b_addr_i,
  input  logic [63:0]         sa_addr_i,
  input  logic [63:0]         sb_addr_i,
  input  logic [63:0]         c_addr_i,
  input  logic [31:0]         a_stride_i,
  input  logic [31:0]         b_stride_i,
  input  logic [31:0]         sa_stride_i,
  input  logic [31:0]         sb_stride_i,
  input  logic [31:0]         c_stride_i,
  input  logic [31:0]         a_len_i,   // packed row bytes of A
  input  logic [31:0]         b_len_i,
  input  logic [31:0]         s_len_i,   // scale bytes per row

  output logic                valid_o,   // a row is left
  output logic [2:0]          stream_o,  // STREAM_A ... STREAM_C
  output logic [IdxBits-1:0]  idx_o,     // row in the panel, column in the tile
  output logic                bank_o,
  output logic [63:0]         addr_o,
  output logic [31:0]         len_o,
  output logic                group_last_o  // last row of its panel or tile
);

  localparam logic [2:0] StrA  = 3'(mxa_hw_pkg::STREAM_A);
  localparam logic [2:0] StrB  = 3'(mxa_hw_pkg::STREAM_B);
  localparam logic [2:0] StrSa = 3'(mxa_hw_pkg::STREAM_SA);
  localparam logic [2:0] StrSb = 3'(mxa_hw_pkg::STREAM_SB);
  localparam logic [2:0] StrC  = 3'(mxa_hw_pkg::STREAM_C);

  typedef enum logic [1:0] {
    W_IDLE,
    W_PANEL,
    W_TILE
  } state_e;

  state_e             st_q, st_d;
  logic [2:0]         kind_q, kind_d;
  logic [IdxBits-1:0] idx_q, idx_d;
  // The tile: rows M - i0 and columns N - j0 left from its corner.
  logic [31:0]        t_mrem_q, t_mrem_d, t_nrem_q, t_nrem_d;
  logic               t_first_q, t_first_d, t_bank_q, t_bank_d;
  // The A panel being loaded: rows M - i0 left from its first.
  logic [31:0]        p_mrem_q, p_mrem_d;
  logic               p_bank_q, p_bank_d;
  logic [63:0]        a_ptr_q, a_ptr_d, sa_ptr_q, sa_ptr_d;
  logic [63:0]        b_ptr_q, b_ptr_d, sb_ptr_q, sb_ptr_d;
  // C: the next segment, the tile's first one (row i0, column j0) and the
  // panel's (row i0, column 0).
  logic [63:0]        c_ptr_q, c_ptr_d, c_tile_q, c_tile_d, c_row_q, c_row_d;

  logic [31:0]        vr, vc, vp;        // rows, columns of the tile; rows of the panel
  logic               last_r, last_c, last_p;
  logic [2:0]         panel_kind, tile_kind;
  logic               tile_done, panel_end, job_end;
  logic [63:0]        c_next_panel;

  assign vr = t_mrem_q < 32'(Rows) ? t_mrem_q : 32'(Rows);
  assign vc = t_nrem_q < 32'(Cols) ? t_nrem_q : 32'(Cols);
  assign vp = p_mrem_q < 32'(Rows) ? p_mrem_q : 32'(Rows);
  assign last_r = 32'(idx_q) + 32'd1 == vr;
  assign last_c = 32'(idx_q) + 32'd1 == vc;
  assign last_p = 32'(idx_q) + 32'd1 == vp;
  assign panel_kind = scaled_i ? StrSa : StrA;
  assign tile_kind  = scaled_i ? StrSb : StrB;
  // The tile is the last of its panel; of the job.
  assign panel_end  = t_nrem_q <= 32'(Cols);
  assign job_end    = panel_end && t_mrem_q <= 32'(Rows);
  // C of row i0 + Rows, column 0: the next panel's first tile.
  assign c_next_panel = c_row_q + 64'(c_stride_i) * 64'(Rows);

  assign valid_o  = st_q != W_IDLE;
  assign stream_o = kind_q;
  assign idx_o    = idx_q;
  assign bank_o   = st_q == W_PANEL ? p_bank_q : t_bank_q;

  always_comb begin
    unique case (kind_q)
      StrA:    begin addr_o = a_ptr_q;  len_o = a_len_i;   end
      StrSa:   begin addr_o = sa_ptr_q; len_o = s_len_i;   end
      StrB:    begin addr_o = b_ptr_q;  len_o = b_len_i;   end
      StrSb:   begin addr_o = sb_ptr_q; len_o = s_len_i;   end
      default: begin addr_o = c_ptr_q;  len_o = vc << 2;   end
    endcase
  end

  assign group_last_o = st_q == W_PANEL ? kind_q == StrA && last_p
                      : (kind_q == StrC && last_r)
                        || (kind_q == StrB && last_c && !has_c_i);

  always_comb begin
    st_d      = st_q;
    kind_d    = kind_q;
    idx_d     = idx_q;
    t_mrem_d  = t_mrem_q;
    t_nrem_d  = t_nrem_q;
    t_first_d = t_first_q;
    t_bank_d  = t_bank_q;
    p_mrem_d  = p_mrem_q;
    p_bank_d  = p_bank_q;
    a_ptr_d   = a_ptr_q;
    sa_ptr_d  = sa_ptr_q;
    b_ptr_d   = b_ptr_q;
    sb_ptr_d  = sb_ptr_q;
    c_ptr_d   = c_ptr_q;
    c_tile_d  = c_tile_q;
    c_row_d   = c_row_q;
    tile_done = 1'b0;

    if (start_i) begin
      st_d      = W_PANEL;
      kind_d    = panel_kind;
      idx_d     = '0;
      t_mrem_d  = m_i;
      t_nrem_d  = n_i;
      t_first_d = 1'b1;
      t_bank_d  = 1'b0;
      p_mrem_d  = m_i;
      p_bank_d  = 1'b0;
      a_ptr_d   = a_addr_i;
      sa_ptr_d  = sa_addr_i;
      b_ptr_d   = b_addr_i;
      sb_ptr_d  = sb_addr_i;
      c_ptr_d   = c_addr_i;
      c_tile_d  = c_addr_i;
      c_row_d   = c_addr_i;
    end else if (next_i && st_q == W_PANEL) begin
      if (kind_q == StrSa) begin
        kind_d   = StrA;
        sa_ptr_d = sa_ptr_q + 64'(sa_stride_i);
      end else begin
        a_ptr_d = a_ptr_q + 64'(a_stride_i);
        if (last_p) begin
          p_mrem_d = p_mrem_q - 32'(Rows);
          p_bank_d = ~p_bank_q;
          st_d     = W_TILE;
          kind_d   = tile_kind;
          idx_d    = '0;
        end else begin
          kind_d = panel_kind;
          idx_d  = idx_q + 1'b1;
        end
      end
    end else if (next_i && st_q == W_TILE) begin
      unique case (kind_q)
        StrSb: begin
          kind_d   = StrB;
          sb_ptr_d = sb_ptr_q + 64'(sb_stride_i);
        end
        StrB: begin
          b_ptr_d = b_ptr_q + 64'(b_stride_i);
          if (!last_c) begin
            kind_d = tile_kind;
            idx_d  = idx_q + 1'b1;
          end else if (has_c_i) begin
            kind_d = StrC;
            idx_d  = '0;
          end else begin
            tile_done = 1'b1;
          end
        end
        default: begin
          c_ptr_d = c_ptr_q + 64'(c_stride_i);
          if (!last_r) begin
            idx_d = idx_q + 1'b1;
          end else begin
            tile_done = 1'b1;
          end
        end
      endcase

      if (tile_done) begin
        kind_d    = tile_kind;
        idx_d     = '0;
        t_bank_d  = ~t_bank_q;
        t_first_d = panel_end;
        if (panel_end) begin
          t_nrem_d = n_i;
          t_mrem_d = t_mrem_q - 32'(Rows);
          b_ptr_d  = b_addr_i;
          sb_ptr_d = sb_addr_i;
          c_row_d  = c_next_panel;
          c_tile_d = c_next_panel;
          c_ptr_d  = c_next_panel;
        end else begin
          t_nrem_d = t_nrem_q - 32'(Cols);
          c_tile_d = c_tile_q + 64'(4 * Cols);
          c_ptr_d  = c_tile_q + 64'(4 * Cols);
        end
        if (job_end) begin
          st_d = W_IDLE;
        end else if (t_first_q && t_mrem_q > 32'(Rows)) begin
          // The next panel loads behind the first tile of this one.
          st_d   = W_PANEL;
          kind_d = panel_kind;
        end
      end
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      st_q      <= W_IDLE;
      kind_q    <= StrA;
      idx_q     <= '0;
      t_mrem_q  <= '0;
      t_nrem_q  <= '0;
      t_first_q <= 1'b0;
      t_bank_q  <= 1'b0;
      p_mrem_q  <= '0;
      p_bank_q  <= 1'b0;
      a_ptr_q   <= '0;
      sa_ptr_q  <= '0;
      b_ptr_q   <= '0;
      sb_ptr_q  <= '0;
      c_ptr_q   <= '0;
      c_tile_q  <= '0;
      c_row_q   <= '0;
    end else if (clr_i) begin
      st_q <= W_IDLE;
    end else begin
      st_q      <= st_d;
      kind_q    <= kind_d;
      idx_q     <= idx_d;
      t_mrem_q  <= t_mrem_d;
      t_nrem_q  <= t_nrem_d;
      t_first_q <= t_first_d;
      t_bank_q  <= t_bank_d;
      p_mrem_q  <= p_mrem_d;
      p_bank_q  <= p_bank_d;
      a_ptr_q   <= a_ptr_d;
      sa_ptr_q  <= sa_ptr_d;
      b_ptr_q   <= b_ptr_d;
      sb_ptr_q  <= sb_ptr_d;
      c_ptr_q   <= c_ptr_d;
      c_tile_q  <= c_tile_d;
      c_row_q   <= c_row_d;
    end
  end

endmodule
