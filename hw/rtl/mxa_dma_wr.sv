// SPDX-License-Identifier: MIT
// mxa_dma_wr.sv - the write direction of the DMA engine: a request of any
// byte address and length, followed by its data stream (byte 0 of the first
// beat is the byte at the address), becomes translated AXI4 bursts whose
// beats carry the stream shifted to its place in the bus word, with the
// write strobes set only for the request's bytes that the client enabled.
// Each request is acknowledged once all its bursts are.
//
// When stopped it issues no new burst but still completes the bursts it has
// issued, padding data the client no longer provides with strobes off, so
// the bus is never left with a burst cut short.
module mxa_dma_wr #(
  parameter int unsigned DataBits   = 128,
  parameter int unsigned PaBits     = 40,
  parameter int unsigned FifoBeats  = 16,   // realigned beats waiting for W
  parameter int unsigned ReqDepth   = 8,    // requests whose data is awaited
  parameter int unsigned BurstDepth = 64,   // bursts issued, not acknowledged
  localparam int unsigned DataBytes = DataBits / 8,
  localparam int unsigned OffBits = $clog2(DataBytes),
  localparam int unsigned SBits = mxa_shell_pkg::STREAM_BITS
) (
  input  logic                   clk_i,
  input  logic                   rst_ni,
  input  logic                   stop_i,
  input  logic                   clear_i,

  input  logic                   req_valid_i,
  output logic                   req_ready_o,
  input  mxa_shell_pkg::mem_req_t req_i,
  input  logic                   req_phys_i,

  input  logic                   in_valid_i,
  output logic                   in_ready_o,
  input  logic [DataBits-1:0]    in_data_i,
  input  logic [DataBytes-1:0]   in_strb_i,
  output logic                   done_o,

  output logic                   mmu_valid_o,
  input  logic                   mmu_ready_i,
  output logic [63:0]            mmu_vaddr_o,
  input  logic                   mmu_rsp_valid_i,
  input  logic [15:0]            mmu_rsp_status_i,
  input  logic                   mmu_rsp_pt_i,
  input  logic [PaBits-1:0]      mmu_rsp_paddr_i,
  input  logic [63:0]            mmu_rsp_fault_addr_i,
  output logic                   mmu_wait_o,

  output logic                   aw_valid_o,
  input  logic                   aw_ready_i,
  output logic [PaBits-1:0]      aw_addr_o,
  output logic [7:0]             aw_len_o,
  output logic                   w_valid_o,
  input  logic                   w_ready_i,
  output logic [DataBits-1:0]    w_data_o,
  output logic [DataBytes-1:0]   w_strb_o,
  output logic                   w_last_o,
  input  logic                   b_valid_i,
  input  logic                   b_err_i,

  output logic                   err_valid_o,
  output logic [15:0]            err_status_o,
  output logic [15:0]            err_stream_o,
  output logic [63:0]            err_addr_o,

  output logic                   outstanding_o,  // bursts not acknowledged
  output logic                   busy_o
);

  localparam int unsigned ChunkBytes = DataBytes * 256 < 4096
                                     ? DataBytes * 256 : 4096;
  localparam int unsigned ChunkBits = $clog2(ChunkBytes);
  localparam int unsigned TagW = OffBits + 32;
  localparam int unsigned BurstW = PaBits + SBits + 1;
  localparam int unsigned BeatW = DataBits + DataBytes;

  logic                  halt, err_q, accept;

  logic                  ch_ready, ch_valid, ch_last, ch_pop;
  logic [PaBits-1:0]     ch_paddr;
  logic [ChunkBits:0]    ch_len;
  logic [SBits-1:0]      ch_stream;
  logic [8:0]            ch_beats;
  logic                  fault_valid;
  logic [15:0]           fault_status, fault_stream;
  logic [63:0]           fault_addr;
  logic                  ch_busy;

  // address channel and burst bookkeeping
  logic                  aw_valid_q;
  logic [PaBits-1:0]     aw_addr_q;
  logic [7:0]            aw_len_q;
  logic                  aw_load;
  logic                  bi_full, bi_empty, wl_full, wl_empty;
  logic [BurstW-1:0]     bi_in, bi_out;
  logic [8:0]            wl_out;
  logic [8:0]            w_cnt_q;
  logic                  w_fire;
  logic                  bus_err;

  // realigned beats
  logic                  wq_push, wq_empty, wq_full;
  logic [BeatW-1:0]      wq_in, wq_out;

  // realignment
  logic                  tag_empty, tag_full, tag_pop;
  logic [TagW-1:0]       tag_in, tag_out;
  logic [OffBits-1:0]    t_off, t_end;
  logic [31:0]           t_len;
  logic [32:0]           n_in, n_ax;
  logic [32:0]           ax_cnt_q;
  logic                  need_in, ax_last;
  logic [DataBits-1:0]   prev_data_q, beat_data;
  logic [DataBytes-1:0]  prev_strb_q, beat_strb, end_mask;

  assign halt   = stop_i | err_q;
  assign accept = req_valid_i & req_ready_o;

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
    .chunk_last_o         (ch_last),
    .fault_valid_o        (fault_valid),
    .fault_status_o       (fault_status),
    .fault_stream_o       (fault_stream),
    .fault_addr_o         (fault_addr),
    .mmu_wait_o,
    .busy_o               (ch_busy)
  );

  // ---------------------------------------------------------------- AW
  assign ch_beats = 9'(((ChunkBits + 2)'(ch_paddr[OffBits-1:0])
                        + (ChunkBits + 2)'(ch_len)
                        + (ChunkBits + 2)'(DataBytes - 1)) >> OffBits);
  // The address register keeps AWVALID and AWADDR stable while they wait.
  assign aw_load = ch_valid & ~halt & ~bi_full & ~wl_full
                 & (~aw_valid_q | aw_ready_i);
  assign ch_pop  = aw_load;
  assign bi_in   = {ch_paddr[PaBits-1:OffBits], OffBits'(0), ch_stream, ch_last};

  assign aw_valid_o = aw_valid_q;
  assign aw_addr_o  = aw_addr_q;
  assign aw_len_o   = aw_len_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      aw_valid_q <= 1'b0;
      aw_addr_q  <= '0;
      aw_len_q   <= '0;
    end else if (aw_load) begin
      aw_valid_q <= 1'b1;
      aw_addr_q  <= {ch_paddr[PaBits-1:OffBits], OffBits'(0)};
      aw_len_q   <= 8'(ch_beats - 9'd1);
    end else if (aw_ready_i) begin
      aw_valid_q <= 1'b0;
    end
  end

  // Beats owed on W, one entry per burst in address order.
  mxa_fifo #(
    .Width (9),
    .Depth (BurstDepth)
  ) u_wlen (
    .clk_i,
    .rst_ni,
    .clr_i   (clear_i),
    .push_i  (aw_load),
    .data_i  (ch_beats),
    .pop_i   (w_fire & w_last_o),
    .data_o  (wl_out),
    .empty_o (wl_empty),
    .full_o  (wl_full),
    .count_o ()
  );

  // Bursts awaiting their response: address and stream to blame, and
  // whether the burst ends its request.
  mxa_fifo #(
    .Width (BurstW),
    .Depth (BurstDepth)
  ) u_binfo (
    .clk_i,
    .rst_ni,
    .clr_i   (clear_i),
    .push_i  (aw_load),
    .data_i  (bi_in),
    .pop_i   (b_valid_i),
    .data_o  (bi_out),
    .empty_o (bi_empty),
    .full_o  (bi_full),
    .count_o ()
  );

  // ---------------------------------------------------------------- W
  // Stopped, a burst already issued gets empty beats if its data never came.
  assign w_valid_o = ~wl_empty & (~wq_empty | stop_i);
  assign {w_data_o, w_strb_o} = wq_empty ? '0 : wq_out;
  assign w_last_o  = w_cnt_q == wl_out - 9'd1;
  assign w_fire    = w_valid_o & w_ready_i;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      w_cnt_q <= '0;
    end else if (clear_i) begin
      w_cnt_q <= '0;
    end else if (w_fire) begin
      w_cnt_q <= w_last_o ? '0 : w_cnt_q + 9'd1;
    end
  end

  mxa_fifo #(
    .Width (BeatW),
    .Depth (FifoBeats)
  ) u_beats (
    .clk_i,
    .rst_ni,
    .clr_i   (clear_i),
    .push_i  (wq_push),
    .data_i  (wq_in),
    .pop_i   (w_fire),
    .data_o  (wq_out),
    .empty_o (wq_empty),
    .full_o  (wq_full),
    .count_o ()
  );

  // ---------------------------------------------------------------- B
  assign bus_err = b_valid_i & b_err_i;
  assign done_o  = b_valid_i & ~b_err_i & bi_out[0] & ~err_q;

  assign err_valid_o  = ~err_q & (fault_valid | bus_err);
  assign err_status_o = fault_valid ? fault_status
                                    : 16'(mxa_hw_pkg::STATUS_BUS_ERROR);
  assign err_stream_o = fault_valid ? fault_stream
                                    : 16'(bi_out[SBits:1]);
  assign err_addr_o   = fault_valid ? fault_addr
                                    : 64'(bi_out[BurstW-1:SBits+1]);

`ifndef SYNTHESIS
  always @(posedge clk_i) begin
    if (rst_ni && b_valid_i) begin
      assert (!bi_empty) else $error("mxa_dma_wr: B without a burst");
    end
  end
`endif

  assign outstanding_o = ~bi_empty | ~wl_empty;
  assign busy_o = ch_busy | outstanding_o | ~tag_empty | ~wq_empty;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      err_q <= 1'b0;
    end else if (clear_i) begin
      err_q <= 1'b0;
    end else if (err_valid_o) begin
      err_q <= 1'b1;
    end
  end

  // ---------------------------------------------------------------- realign
  // Bus beat j of a request at byte offset OFF holds stream beats j and
  // j - 1 together: the stream shifted up by OFF bytes.
  assign tag_in = {req_i.addr[OffBits-1:0], req_i.len};
  assign {t_off, t_len} = tag_out;
  assign t_end  = t_off + t_len[OffBits-1:0];
  assign n_in   = (33'(t_len) + 33'(DataBytes - 1)) >> OffBits;
  assign n_ax   = (33'(t_off) + 33'(t_len) + 33'(DataBytes - 1)) >> OffBits;
  assign need_in  = ax_cnt_q < n_in;
  assign ax_last  = ax_cnt_q == n_ax - 33'd1;
  assign end_mask = (ax_last && t_end != '0) ? ~('1 << t_end) : '1;

  always_comb begin
    beat_data = need_in ? in_data_i << (32'(t_off) * 8) : '0;
    beat_strb = need_in ? in_strb_i << t_off : '0;
    if (t_off != '0) begin
      beat_data = beat_data | (prev_data_q >> ((DataBytes - 32'(t_off)) * 8));
      beat_strb = beat_strb | (prev_strb_q >> (DataBytes - 32'(t_off)));
    end
  end

  assign wq_in      = {beat_data, beat_strb & end_mask};
  assign in_ready_o = ~tag_empty & ~wq_full & need_in & ~halt;
  assign wq_push    = ~tag_empty & ~wq_full & ~halt & (~need_in | in_valid_i);
  assign tag_pop    = wq_push & ax_last;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      ax_cnt_q    <= '0;
      prev_data_q <= '0;
      prev_strb_q <= '0;
    end else if (clear_i || tag_pop) begin
      ax_cnt_q    <= '0;
      prev_data_q <= '0;
      prev_strb_q <= '0;
    end else if (wq_push) begin
      ax_cnt_q    <= ax_cnt_q + 33'd1;
      prev_data_q <= in_data_i;
      prev_strb_q <= in_strb_i;
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
