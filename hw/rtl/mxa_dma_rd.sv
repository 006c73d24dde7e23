// SPDX-License-Identifier: MIT
// mxa_dma_rd.sv - the read direction of the DMA engine: requests of any byte
// address and length become translated AXI4 bursts; the returned beats are
// realigned so that the data stream of a request starts with the byte at its
// address, and the streams of several outstanding requests follow each other
// in request order.
//
// A burst is issued only when the data queue has room for all its beats
// (credits), so the R channel is never stalled and page-table reads, which
// share it, never wait behind data the client is not taking.
module mxa_dma_rd #(
  parameter int unsigned DataBits  = 128,
  parameter int unsigned PaBits    = 40,
  parameter int unsigned FifoBeats  = 256, // data queue, a power of two >= 8
  parameter int unsigned ReqDepth   = 64,  // requests accepted, not delivered
  parameter int unsigned BurstDepth = 64,  // bursts issued, not returned
  localparam int unsigned DataBytes = DataBits / 8,
  localparam int unsigned OffBits = $clog2(DataBytes),
  localparam int unsigned CntBits = $clog2(FifoBeats) + 1,
  localparam int unsigned SBits = mxa_shell_pkg::STREAM_BITS
) (
  input  logic                   clk_i,
  input  logic                   rst_ni,
  input  logic                   stop_i,    // issue nothing new, drop data
  input  logic                   clear_i,   // drained: forget everything

  input  logic                   req_valid_i,
  output logic                   req_ready_o,
  input  mxa_shell_pkg::mem_req_t req_i,
  input  logic                   req_phys_i,

  output logic                   out_valid_o,
  input  logic                   out_ready_i,
  output logic [DataBits-1:0]    out_data_o,
  output logic                   out_last_o,

  output logic                   mmu_valid_o,
  input  logic                   mmu_ready_i,
  output logic [63:0]            mmu_vaddr_o,
  input  logic                   mmu_rsp_valid_i,
  input  logic [15:0]            mmu_rsp_status_i,
  input  logic                   mmu_rsp_pt_i,
  input  logic [PaBits-1:0]      mmu_rsp_paddr_i,
  input  logic [63:0]            mmu_rsp_fault_addr_i,
  output logic                   mmu_wait_o,

  output logic                   ar_valid_o,
  input  logic                   ar_ready_i,
  output logic [PaBits-1:0]      ar_addr_o,
  output logic [7:0]             ar_len_o,

  input  logic                   r_valid_i,
  input  logic [DataBits-1:0]    r_data_i,
  input  logic                   r_err_i,
  input  logic                   r_last_i,

  output logic                   err_valid_o,
  output logic [15:0]            err_status_o,
  output logic [15:0]            err_stream_o,
  output logic [63:0]            err_addr_o,

  output logic                   outstanding_o,  // bursts not yet returned
  output logic                   busy_o
);

  // A burst takes at most a quarter of the data queue, so that several are
  // in flight while the client drains the queue.
  localparam int unsigned MaxBeats = FifoBeats / 4 < 256 ? FifoBeats / 4 : 256;
  localparam int unsigned ChunkBytes = DataBytes * MaxBeats < 4096
                                     ? DataBytes * MaxBeats : 4096;
  localparam int unsigned ChunkBits = $clog2(ChunkBytes);
  localparam int unsigned TagW = OffBits + 32;
  localparam int unsigned BurstW = PaBits + SBits;

  logic                  halt, err_q;
  logic                  accept;

  // chunks
  logic                  ch_valid, ch_pop;
  logic [PaBits-1:0]     ch_paddr;
  logic [ChunkBits:0]    ch_len;
  logic [SBits-1:0]      ch_stream;
  logic [ChunkBits+1:0]  ch_beats;
  logic                  fault_valid;
  logic [15:0]           fault_status, fault_stream;
  logic [63:0]           fault_addr;
  logic                  ch_busy;

  // bursts in flight and data credits
  logic [CntBits-1:0]    credit_q;
  logic [CntBits-1:0]    data_count;
  logic                  rb_full, rb_empty;
  logic [BurstW-1:0]     rb_in, rb_out;
  logic                  bus_err;

  // data queue
  logic                  dq_empty, dq_full, dq_pop, dq_take;
  logic [DataBits-1:0]   dq_data;

  // realignment
  logic                  tag_empty, tag_full, tag_pop;
  logic [TagW-1:0]       tag_in, tag_out;
  logic [OffBits-1:0]    t_off;
  logic [31:0]           t_len;
  logic [32:0]           n_in, n_out;
  logic [32:0]           in_cnt_q, out_cnt_q;
  logic [DataBits-1:0]   prev_q, lo_part, hi_part, last_mask, beat;
  logic                  out_fire, is_last;

  assign halt   = stop_i | err_q;
  assign accept = req_valid_i & req_ready_o;

  // ---------------------------------------------------------------- chunks
  logic ch_ready;

  assign req_ready_o = ch_ready & ~tag_full;

  mxa_dma_chunker #(
    .PaBits     (PaBits),
    .ChunkBytes (ChunkBytes)
  ) u_chunker (
    .clk_i,
    .rst_ni,
    .halt_i               (halt),
    .clear_i,
    .req_valid_i          (req_valid_i & ~tag_full),
    .req_ready_o          (ch_ready),
    .req_i,
    .req_phys_i,
    .mmu_valid_o,
    .mmu_ready_i,
    .mmu_vaddr_o,
    .mmu_rsp_valid_i,
    .mmu_rsp_status_i,
    .mmu_rsp_pt_i,
    .mmu_rsp_paddr_i,
    .mmu_rsp_fault_addr_i,
    .chunk_valid_o        (ch_valid),
    .chunk_pop_i          (ch_pop),
    .chunk_paddr_o        (ch_paddr),
    .chunk_len_o          (ch_len),
    .chunk_stream_o       (ch_stream),
    .chunk_last_o         (),
    .fault_valid_o        (fault_valid),
    .fault_status_o       (fault_status),
    .fault_stream_o       (fault_stream),
    .fault_addr_o         (fault_addr),
    .mmu_wait_o,
    .busy_o               (ch_busy)
  );

  // ---------------------------------------------------------------- bursts
  assign ch_beats   = ((ChunkBits + 2)'(ch_paddr[OffBits-1:0])
                       + (ChunkBits + 2)'(ch_len) + (ChunkBits + 2)'(DataBytes - 1))
                      >> OffBits;
  assign ar_valid_o = ch_valid & ~halt & ~rb_full
                    & (32'(credit_q) >= 32'(ch_beats));
  assign ar_addr_o  = {ch_paddr[PaBits-1:OffBits], OffBits'(0)};
  assign ar_len_o   = 8'(ch_beats - 1'b1);
  assign ch_pop     = ar_valid_o & ar_ready_i;
  assign rb_in      = {ar_addr_o, ch_stream};

  assign bus_err = r_valid_i & r_err_i;

  mxa_fifo #(
    .Width (BurstW),
    .Depth (BurstDepth)
  ) u_bursts (
    .clk_i,
    .rst_ni,
    .clr_i   (clear_i),
    .push_i  (ch_pop),
    .data_i  (rb_in),
    .pop_i   (r_valid_i & r_last_i),
    .data_o  (rb_out),
    .empty_o (rb_empty),
    .full_o  (rb_full),
    .count_o ()
  );

  mxa_fifo #(
    .Width (DataBits),
    .Depth (FifoBeats)
  ) u_data (
    .clk_i,
    .rst_ni,
    .clr_i   (clear_i),
    .push_i  (r_valid_i),
    .data_i  (r_data_i),
    .pop_i   (dq_pop),
    .data_o  (dq_data),
    .empty_o (dq_empty),
    .full_o  (dq_full),
    .count_o (data_count)
  );

  // A bus error is blamed on the burst it answers; a fault found earlier
  // in the same cycle by the chunker is reported instead.
  assign err_valid_o  = ~err_q & (fault_valid | bus_err);
  assign err_status_o = fault_valid ? fault_status
                                    : 16'(mxa_hw_pkg::STATUS_BUS_ERROR);
  assign err_stream_o = fault_valid ? fault_stream : 16'(rb_out[SBits-1:0]);
  assign err_addr_o   = fault_valid ? fault_addr : 64'(rb_out[BurstW-1:SBits]);

`ifndef SYNTHESIS
  // Credits keep room for every beat; every beat answers a burst.
  always @(posedge clk_i) begin
    if (rst_ni && r_valid_i) begin
      assert (!rb_empty) else $error("mxa_dma_rd: R beat without a burst");
      assert (!dq_full || dq_take) else $error("mxa_dma_rd: data queue overflow");
    end
  end
`endif

  // Beats issued and not yet in the data queue.
  assign outstanding_o = (credit_q + data_count) != CntBits'(FifoBeats);
  assign busy_o = ch_busy | ~tag_empty | outstanding_o | ~dq_empty;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      credit_q <= CntBits'(FifoBeats);
      err_q    <= 1'b0;
    end else if (clear_i) begin
      credit_q <= CntBits'(FifoBeats);
      err_q    <= 1'b0;
    end else begin
      credit_q <= credit_q - (ch_pop ? CntBits'(ch_beats) : '0)
                           + (dq_take ? CntBits'(1) : '0);
      if (err_valid_o) begin
        err_q <= 1'b1;
      end
    end
  end

  // ---------------------------------------------------------------- realign
  // Output beat k of a request at byte offset OFF within a beat is bytes
  // OFF ... OFF + DataBytes - 1 of input beats k and k + 1 together.
  assign tag_in = {req_i.addr[OffBits-1:0], req_i.len};
  assign {t_off, t_len} = tag_out;
  assign n_out = (33'(t_len) + 33'(DataBytes - 1)) >> OffBits;
  assign n_in  = (33'(t_off) + 33'(t_len) + 33'(DataBytes - 1)) >> OffBits;

  assign lo_part   = prev_q >> (32'(t_off) * 8);
  assign hi_part   = dq_data << ((DataBytes - 32'(t_off)) * 8);
  assign last_mask = t_len[OffBits-1:0] == '0 ? '1
                   : ~('1 << (32'(t_len[OffBits-1:0]) * 8));
  assign is_last   = out_cnt_q == n_out - 33'd1;

  always_comb begin
    out_valid_o = 1'b0;
    beat        = dq_data;
    dq_pop      = 1'b0;
    if (halt) begin
      dq_pop = ~dq_empty;
    end else if (!tag_empty) begin
      if (t_off == '0) begin
        out_valid_o = ~dq_empty;
        dq_pop      = out_ready_i;
      end else if (in_cnt_q == '0) begin
        dq_pop = 1'b1;
      end else if (in_cnt_q < n_in) begin
        out_valid_o = ~dq_empty;
        beat        = lo_part | hi_part;
        dq_pop      = out_ready_i;
      end else begin
        out_valid_o = 1'b1;
        beat        = lo_part;
      end
    end
  end

  assign dq_take    = dq_pop & ~dq_empty;
  assign out_data_o = is_last ? beat & last_mask : beat;
  assign out_last_o = is_last;
  assign out_fire   = out_valid_o & out_ready_i;
  assign tag_pop    = out_fire & is_last;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      in_cnt_q  <= '0;
      out_cnt_q <= '0;
      prev_q    <= '0;
    end else if (clear_i) begin
      in_cnt_q  <= '0;
      out_cnt_q <= '0;
    end else if (!halt) begin
      if (tag_pop) begin
        in_cnt_q  <= '0;
        out_cnt_q <= '0;
      end else begin
        if (out_fire) begin
          out_cnt_q <= out_cnt_q + 33'd1;
        end
        if (dq_take && t_off != '0) begin
          in_cnt_q <= in_cnt_q + 33'd1;
        end
      end
      if (dq_take) begin
        prev_q <= dq_data;
      end
    end
  end

  mxa_fifo #(
    .Width (TagW),
    .Depth (ReqDepth)
  ) u_tags (
    .clk_i,
    .rst_ni,
    .clr_i   (clear_i),
    .push_i  (accept),
    .data_i  (tag_in),
    .pop_i   (tag_pop),
    .data_o  (tag_out),
    .empty_o (tag_empty),
    .full_o  (tag_full),
    .count_o ()
  );

endmodule
