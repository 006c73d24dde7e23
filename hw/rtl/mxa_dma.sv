// SPDX-License-Identifier: MIT
// mxa_dma.sv - the DMA engine behind the device MMU and the AXI4 master it
// drives: a read direction and a write direction (mxa_dma_rd, mxa_dma_wr)
// that share the MMU, and the MMU's page-table reads, which share the read
// address channel with the data bursts under another AXI ID.
//
// AXI IDs: data bursts use ARID 0, page-table reads ARID 1, so a memory that
// serves IDs independently returns a table entry without waiting for the
// data bursts issued before it. Writes use one ID and are not listed on the
// port. RREADY and BREADY are always 1. Any response but OKAY is an error
// (the DMA never asks for exclusive access).
module mxa_dma #(
  parameter int unsigned DataBits    = 128,
  parameter int unsigned PaBits      = 40,
  parameter int unsigned RdFifoBeats = 256,
  parameter int unsigned RdReqDepth  = 64,
  parameter int unsigned WrFifoBeats = 16,
  parameter int unsigned WrReqDepth  = 8,
  parameter int unsigned BurstDepth  = 64,
  parameter int unsigned TlbEntries  = 16,
  localparam int unsigned DataBytes = DataBits / 8,
  localparam int unsigned OffBits = $clog2(DataBytes)
) (
  input  logic                   clk_i,
  input  logic                   rst_ni,

  input  logic                   stop_rd_i,   // drop the reads of the job
  input  logic                   stop_wr_i,   // drop the writes of the job
  input  logic                   flush_i,     // a job starts: empty the TLB
  input  logic [PaBits-13:0]     pt_root_i,    // page number

  input  logic                   rd_req_valid_i,
  output logic                   rd_req_ready_o,
  input  mxa_shell_pkg::mem_req_t rd_req_i,
  input  logic                   rd_req_phys_i,
  output logic                   rd_valid_o,
  input  logic                   rd_ready_i,
  output logic [DataBits-1:0]    rd_data_o,
  output logic                   rd_last_o,

  input  logic                   wr_req_valid_i,
  output logic                   wr_req_ready_o,
  input  mxa_shell_pkg::mem_req_t wr_req_i,
  input  logic                   wr_req_phys_i,
  input  logic                   wr_valid_i,
  output logic                   wr_ready_o,
  input  logic [DataBits-1:0]    wr_data_i,
  input  logic [DataBytes-1:0]   wr_strb_i,
  output logic                   wr_done_o,

  // the first error of each direction since its last clear
  output logic                   err_valid_o,
  output logic [15:0]            err_status_o,
  output logic [15:0]            err_detail_o,
  output logic [63:0]            err_addr_o,

  output logic                   wr_busy_o,
  output logic                   idle_o,       // nothing queued nor on the bus

  output logic                   cnt_rd_beat_o,
  output logic [OffBits:0]       cnt_wr_bytes_o,

  output logic [0:0]             m_axi_arid_o,
  output logic [PaBits-1:0]      m_axi_araddr_o,
  output logic [7:0]             m_axi_arlen_o,
  output logic [2:0]             m_axi_arsize_o,
  output logic [1:0]             m_axi_arburst_o,
  output logic                   m_axi_arvalid_o,
  input  logic                   m_axi_arready_i,
  input  logic [0:0]             m_axi_rid_i,
  input  logic [DataBits-1:0]    m_axi_rdata_i,
  input  logic [1:0]             m_axi_rresp_i,
  input  logic                   m_axi_rlast_i,
  input  logic                   m_axi_rvalid_i,
  output logic                   m_axi_rready_o,
  output logic [PaBits-1:0]      m_axi_awaddr_o,
  output logic [7:0]             m_axi_awlen_o,
  output logic [2:0]             m_axi_awsize_o,
  output logic [1:0]             m_axi_awburst_o,
  output logic                   m_axi_awvalid_o,
  input  logic                   m_axi_awready_i,
  output logic [DataBits-1:0]    m_axi_wdata_o,
  output logic [DataBytes-1:0]   m_axi_wstrb_o,
  output logic                   m_axi_wlast_o,
  output logic                   m_axi_wvalid_o,
  input  logic                   m_axi_wready_i,
  input  logic [1:0]             m_axi_bresp_i,
  input  logic                   m_axi_bvalid_i,
  output logic                   m_axi_bready_o
);

  localparam logic [1:0] BurstIncr = 2'b01;

  // MMU and its two clients
  logic               mmu_stop, mmu_idle, mmu_quiet;
  logic               mmu_req_valid, mmu_req_ready, mmu_req_write;
  logic [63:0]        mmu_req_vaddr;
  logic               mmu_rsp_valid, mmu_rsp_pt;
  logic [15:0]        mmu_rsp_status;
  logic [PaBits-1:0]  mmu_rsp_paddr;
  logic [63:0]        mmu_rsp_fault_addr;
  logic               rd_mmu_valid, rd_mmu_ready, rd_mmu_wait;
  logic               wr_mmu_valid, wr_mmu_ready, wr_mmu_wait;
  logic [63:0]        rd_mmu_vaddr, wr_mmu_vaddr;
  logic               grant_wr, owner_wr_q, last_wr_q;

  // page-table reads
  logic               pte_valid, pte_ready, pte_rvalid;
  logic [PaBits-1:0]  pte_addr;

  // read address register
  logic               ar_valid_q, ar_load;
  logic [0:0]         ar_id_q;
  logic [PaBits-1:0]  ar_addr_q;
  logic [7:0]         ar_len_q;
  logic               rd_ar_valid, rd_ar_ready;
  logic [PaBits-1:0]  rd_ar_addr;
  logic [7:0]         rd_ar_len;

  logic               rd_r_valid;
  logic               rd_err_valid, wr_err_valid;
  logic [15:0]        rd_err_status, rd_err_stream, wr_err_status, wr_err_stream;
  logic [63:0]        rd_err_addr, wr_err_addr;
  logic               rd_outstanding, wr_outstanding, rd_busy;
  logic               clear_rd, clear_wr;
  logic               w_fire;

  // ---------------------------------------------------------------- clears
  // A stopped direction forgets its queues once nothing of it is on the bus
  // and no translation of it can still come back (an MMU that is idle with
  // no answer pending has abandoned the walk).
  assign mmu_stop  = stop_rd_i & stop_wr_i;
  assign mmu_quiet = mmu_idle & ~mmu_rsp_valid;
  assign clear_rd  = stop_rd_i & ~rd_outstanding & (~rd_mmu_wait | mmu_quiet);
  assign clear_wr  = stop_wr_i & ~wr_outstanding & (~wr_mmu_wait | mmu_quiet);
  assign idle_o    = ~rd_busy & ~wr_busy_o & mmu_quiet & ~ar_valid_q;

  // ---------------------------------------------------------------- MMU
  // Round robin between the directions; one translation is answered per
  // request, in order, so the owner of the answer is the last granted.
  assign grant_wr      = wr_mmu_valid & (~rd_mmu_valid | ~last_wr_q);
  assign mmu_req_valid = rd_mmu_valid | wr_mmu_valid;
  assign mmu_req_vaddr = grant_wr ? wr_mmu_vaddr : rd_mmu_vaddr;
  assign mmu_req_write = grant_wr;
  assign rd_mmu_ready  = mmu_req_ready & ~grant_wr;
  assign wr_mmu_ready  = mmu_req_ready & grant_wr;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      owner_wr_q <= 1'b0;
      last_wr_q  <= 1'b0;
    end else if (mmu_req_valid && mmu_req_ready) begin
      owner_wr_q <= grant_wr;
      last_wr_q  <= grant_wr;
    end
  end

  mxa_mmu #(
    .DataBits   (DataBits),
    .PaBits     (PaBits),
    .TlbEntries (TlbEntries)
  ) u_mmu (
    .clk_i,
    .rst_ni,
    .flush_i,
    .stop_i           (mmu_stop),
    .root_i           (pt_root_i),
    .req_valid_i      (mmu_req_valid),
    .req_ready_o      (mmu_req_ready),
    .req_vaddr_i      (mmu_req_vaddr),
    .req_write_i      (mmu_req_write),
    .rsp_valid_o      (mmu_rsp_valid),
    .rsp_status_o     (mmu_rsp_status),
    .rsp_pt_o         (mmu_rsp_pt),
    .rsp_paddr_o      (mmu_rsp_paddr),
    .rsp_fault_addr_o (mmu_rsp_fault_addr),
    .pte_valid_o      (pte_valid),
    .pte_ready_i      (pte_ready),
    .pte_addr_o       (pte_addr),
    .pte_rvalid_i     (pte_rvalid),
    .pte_rdata_i      (m_axi_rdata_i),
    .pte_rerr_i       (m_axi_rresp_i != 2'b00),
    .idle_o           (mmu_idle)
  );

  // ---------------------------------------------------------------- reads
  assign rd_r_valid = m_axi_rvalid_i & (m_axi_rid_i == 1'b0);
  assign pte_rvalid = m_axi_rvalid_i & (m_axi_rid_i == 1'b1);

  mxa_dma_rd #(
    .DataBits   (DataBits),
    .PaBits     (PaBits),
    .FifoBeats  (RdFifoBeats),
    .ReqDepth   (RdReqDepth),
    .BurstDepth (BurstDepth)
  ) u_rd (
    .clk_i,
    .rst_ni,
    .stop_i               (stop_rd_i),
    .clear_i              (clear_rd),
    .req_valid_i          (rd_req_valid_i),
    .req_ready_o          (rd_req_ready_o),
    .req_i                (rd_req_i),
    .req_phys_i           (rd_req_phys_i),
    .out_valid_o          (rd_valid_o),
    .out_ready_i          (rd_ready_i),
    .out_data_o           (rd_data_o),
    .out_last_o           (rd_last_o),
    .mmu_valid_o          (rd_mmu_valid),
    .mmu_ready_i          (rd_mmu_ready),
    .mmu_vaddr_o          (rd_mmu_vaddr),
    .mmu_rsp_valid_i      (mmu_rsp_valid & ~owner_wr_q),
    .mmu_rsp_status_i     (mmu_rsp_status),
    .mmu_rsp_pt_i         (mmu_rsp_pt),
    .mmu_rsp_paddr_i      (mmu_rsp_paddr),
    .mmu_rsp_fault_addr_i (mmu_rsp_fault_addr),
    .mmu_wait_o           (rd_mmu_wait),
    .ar_valid_o           (rd_ar_valid),
    .ar_ready_i           (rd_ar_ready),
    .ar_addr_o            (rd_ar_addr),
    .ar_len_o             (rd_ar_len),
    .r_valid_i            (rd_r_valid),
    .r_data_i             (m_axi_rdata_i),
    .r_err_i              (m_axi_rresp_i != 2'b00),
    .r_last_i             (m_axi_rlast_i),
    .err_valid_o          (rd_err_valid),
    .err_status_o         (rd_err_status),
    .err_stream_o         (rd_err_stream),
    .err_addr_o           (rd_err_addr),
    .outstanding_o        (rd_outstanding),
    .busy_o               (rd_busy)
  );

  // The AR register keeps ARVALID and its payload stable while they wait;
  // table reads go first, since a walk holds up a whole direction.
  assign ar_load     = ~ar_valid_q | m_axi_arready_i;
  assign pte_ready   = ar_load;
  assign rd_ar_ready = ar_load & ~pte_valid;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      ar_valid_q <= 1'b0;
      ar_id_q    <= '0;
      ar_addr_q  <= '0;
      ar_len_q   <= '0;
    end else if (ar_load) begin
      ar_valid_q <= pte_valid | rd_ar_valid;
      ar_id_q    <= pte_valid;
      ar_addr_q  <= pte_valid ? pte_addr & ~(PaBits'(DataBytes) - PaBits'(1))
                              : rd_ar_addr;
      ar_len_q   <= pte_valid ? 8'd0 : rd_ar_len;
    end
  end

  assign m_axi_arid_o    = ar_id_q;
  assign m_axi_araddr_o  = ar_addr_q;
  assign m_axi_arlen_o   = ar_len_q;
  assign m_axi_arsize_o  = 3'(OffBits);
  assign m_axi_arburst_o = BurstIncr;
  assign m_axi_arvalid_o = ar_valid_q;
  assign m_axi_rready_o  = 1'b1;

  // ---------------------------------------------------------------- writes
  mxa_dma_wr #(
    .DataBits   (DataBits),
    .PaBits     (PaBits),
    .FifoBeats  (WrFifoBeats),
    .ReqDepth   (WrReqDepth),
    .BurstDepth (BurstDepth)
  ) u_wr (
    .clk_i,
    .rst_ni,
    .stop_i               (stop_wr_i),
    .clear_i              (clear_wr),
    .req_valid_i          (wr_req_valid_i),
    .req_ready_o          (wr_req_ready_o),
    .req_i                (wr_req_i),
    .req_phys_i           (wr_req_phys_i),
    .in_valid_i           (wr_valid_i),
    .in_ready_o           (wr_ready_o),
    .in_data_i            (wr_data_i),
    .in_strb_i            (wr_strb_i),
    .done_o               (wr_done_o),
    .mmu_valid_o          (wr_mmu_valid),
    .mmu_ready_i          (wr_mmu_ready),
    .mmu_vaddr_o          (wr_mmu_vaddr),
    .mmu_rsp_valid_i      (mmu_rsp_valid & owner_wr_q),
    .mmu_rsp_status_i     (mmu_rsp_status),
    .mmu_rsp_pt_i         (mmu_rsp_pt),
    .mmu_rsp_paddr_i      (mmu_rsp_paddr),
    .mmu_rsp_fault_addr_i (mmu_rsp_fault_addr),
    .mmu_wait_o           (wr_mmu_wait),
    .aw_valid_o           (m_axi_awvalid_o),
    .aw_ready_i           (m_axi_awready_i),
    .aw_addr_o            (m_axi_awaddr_o),
    .aw_len_o             (m_axi_awlen_o),
    .w_valid_o            (m_axi_wvalid_o),
    .w_ready_i            (m_axi_wready_i),
    .w_data_o             (m_axi_wdata_o),
    .w_strb_o             (m_axi_wstrb_o),
    .w_last_o             (m_axi_wlast_o),
    .b_valid_i            (m_axi_bvalid_i),
    .b_err_i              (m_axi_bresp_i != 2'b00),
    .err_valid_o          (wr_err_valid),
    .err_status_o         (wr_err_status),
    .err_stream_o         (wr_err_stream),
    .err_addr_o           (wr_err_addr),
    .outstanding_o        (wr_outstanding),
    .busy_o               (wr_busy_o)
  );

  assign m_axi_awsize_o  = 3'(OffBits);
  assign m_axi_awburst_o = BurstIncr;
  assign m_axi_bready_o  = 1'b1;

  // ---------------------------------------------------------------- report
  assign err_valid_o  = rd_err_valid | wr_err_valid;
  assign err_status_o = rd_err_valid ? rd_err_status : wr_err_status;
  assign err_detail_o = rd_err_valid ? rd_err_stream : wr_err_stream;
  assign err_addr_o   = rd_err_valid ? rd_err_addr : wr_err_addr;

  assign w_fire         = m_axi_wvalid_o & m_axi_wready_i;
  assign cnt_rd_beat_o  = m_axi_rvalid_i;
  assign cnt_wr_bytes_o = w_fire ? (OffBits + 1)'($countones(m_axi_wstrb_o))
                                 : '0;

endmodule
