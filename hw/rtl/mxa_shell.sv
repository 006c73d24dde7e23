// SPDX-License-Identifier: MIT
// mxa_shell.sv - everything of the mxa accelerator around the compute
// engine: the AXI4-Lite register slave, the command processor (ring,
// descriptor validation, completion records, interrupt), the device MMU and
// the AXI4 DMA master, and the soft reset. docs/rtl-shell.md describes the
// blocks and the engine port.
module mxa_shell #(
  parameter int unsigned DataBits    = 128,  // AXI4 data width: 64 ... 512
  parameter int unsigned PaBits      = 40,   // physical address width
  parameter bit          Sim         = 1'b0, // CAP_FLAGS.SIM, TEST register
  parameter int unsigned RdFifoBeats = 256,  // read data queue
  parameter int unsigned RdReqDepth  = 64,   // engine reads outstanding
  parameter int unsigned WrFifoBeats = 16,   // write data queue
  parameter int unsigned WrReqDepth  = 8,    // engine writes outstanding
  parameter int unsigned BurstDepth  = 64,   // AXI bursts outstanding
  parameter int unsigned TlbEntries  = 16,
  localparam int unsigned DataBytes = DataBits / 8,
  localparam int unsigned RegBits = mxa_hw_pkg::REG_ADDR_BITS
) (
  input  logic                   clk_i,
  input  logic                   rst_ni,
  output logic                   irq_o,

  // AXI4-Lite register slave
  input  logic [RegBits-1:0]     s_axil_awaddr_i,
  input  logic                   s_axil_awvalid_i,
  output logic                   s_axil_awready_o,
  input  logic [31:0]            s_axil_wdata_i,
  input  logic                   s_axil_wvalid_i,
  output logic                   s_axil_wready_o,
  output logic [1:0]             s_axil_bresp_o,
  output logic                   s_axil_bvalid_o,
  input  logic                   s_axil_bready_i,
  input  logic [RegBits-1:0]     s_axil_araddr_i,
  input  logic                   s_axil_arvalid_i,
  output logic                   s_axil_arready_o,
  output logic [31:0]            s_axil_rdata_o,
  output logic [1:0]             s_axil_rresp_o,
  output logic                   s_axil_rvalid_o,
  input  logic                   s_axil_rready_i,

  // AXI4 memory master
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
  output logic                   m_axi_bready_o,

  // engine port (docs/rtl-shell.md)
  output logic                   eng_rst_no,
  output logic                   eng_flush_o,
  input  mxa_shell_pkg::caps_t   eng_caps_i,
  output logic                   eng_job_valid_o,
  input  logic                   eng_job_ready_i,
  output mxa_hw_pkg::desc_t      eng_job_o,
  input  logic                   eng_done_valid_i,
  output logic                   eng_done_ready_o,
  input  mxa_shell_pkg::job_end_t eng_done_i,
  input  logic [63:0]            eng_macs_i,
  input  logic                   eng_dma_stall_i,
  input  logic                   eng_compute_stall_i,
  input  logic                   eng_rd_req_valid_i,
  output logic                   eng_rd_req_ready_o,
  input  mxa_shell_pkg::mem_req_t eng_rd_req_i,
  output logic                   eng_rd_valid_o,
  input  logic                   eng_rd_ready_i,
  output logic [DataBits-1:0]    eng_rd_data_o,
  output logic                   eng_rd_last_o,
  input  logic                   eng_wr_req_valid_i,
  output logic                   eng_wr_req_ready_o,
  input  mxa_shell_pkg::mem_req_t eng_wr_req_i,
  input  logic                   eng_wr_valid_i,
  output logic                   eng_wr_ready_o,
  input  logic [DataBits-1:0]    eng_wr_data_i,
  input  logic [DataBytes-1:0]   eng_wr_strb_i,
  output logic                   eng_wr_done_o
);

  if (DataBits != 64 && DataBits != 128 && DataBits != 256
      && DataBits != 512) begin : g_check_data
    $error("mxa_shell: DataBits must be 64, 128, 256 or 512");
  end
  if (PaBits < 32 || PaBits > 52) begin : g_check_pa
    $error("mxa_shell: PaBits must be 32 ... 52");
  end

  localparam int unsigned OffBits = $clog2(DataBytes);

  // ---------------------------------------------------------------- reset
  // CTRL.SOFT_RESET first drains the bus, then resets everything but the
  // register slave's handshake for one cycle, exactly as the reset input.
  logic soft_reset, dma_idle, sr_pulse_q, rst_core_n;

  assign rst_core_n = rst_ni & ~sr_pulse_q;
  assign eng_rst_no = rst_core_n;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      sr_pulse_q <= 1'b0;
    end else begin
      sr_pulse_q <= soft_reset & dma_idle & ~sr_pulse_q;
    end
  end

  // ---------------------------------------------------------------- regs
  logic                 we, re;
  logic [RegBits-1:0]   waddr, raddr;
  logic [31:0]          wdata, rdata;
  logic                 enable, abort, test_stall, tail_we;
  logic [PaBits-1:0]    ring_base, cmpl_base;
  logic [3:0]           ring_log2;
  logic [31:0]          ring_tail, tail_wdata;
  logic                 st_idle, st_busy, st_halted;
  logic [7:0]           halt_code;
  logic [63:0]          halt_addr;
  logic [31:0]          ring_head;
  logic                 ev_job_done, ev_job_error, ev_halt, job_retired;
  logic [63:0]          job_macs;
  logic                 cnt_rd_beat;
  logic [OffBits:0]     cnt_wr_bytes;

  mxa_axil_slave u_axil (
    .clk_i,
    .rst_ni,
    .s_axil_awaddr_i,
    .s_axil_awvalid_i,
    .s_axil_awready_o,
    .s_axil_wdata_i,
    .s_axil_wvalid_i,
    .s_axil_wready_o,
    .s_axil_bresp_o,
    .s_axil_bvalid_o,
    .s_axil_bready_i,
    .s_axil_araddr_i,
    .s_axil_arvalid_i,
    .s_axil_arready_o,
    .s_axil_rdata_o,
    .s_axil_rresp_o,
    .s_axil_rvalid_o,
    .s_axil_rready_i,
    .we_o    (we),
    .waddr_o (waddr),
    .wdata_o (wdata),
    .re_o    (re),
    .raddr_o (raddr),
    .rdata_i (rdata)
  );

  mxa_regs #(
    .DataBits (DataBits),
    .PaBits   (PaBits),
    .Sim      (Sim)
  ) u_regs (
    .clk_i,
    .rst_ni               (rst_core_n),
    .we_i                 (we),
    .waddr_i              (waddr),
    .wdata_i              (wdata),
    .re_i                 (re),
    .raddr_i              (raddr),
    .rdata_o              (rdata),
    .caps_i               (eng_caps_i),
    .idle_i               (st_idle),
    .busy_i               (st_busy),
    .halted_i             (st_halted),
    .halt_code_i          (halt_code),
    .halt_addr_i          (halt_addr),
    .ring_head_i          (ring_head),
    .ev_job_done_i        (ev_job_done),
    .ev_job_error_i       (ev_job_error),
    .ev_halt_i            (ev_halt),
    .job_retired_i        (job_retired),
    .job_macs_i           (job_macs),
    .cnt_rd_beat_i        (cnt_rd_beat),
    .cnt_wr_bytes_i       (cnt_wr_bytes),
    .cnt_dma_stall_i      (eng_dma_stall_i),
    .cnt_compute_stall_i  (eng_compute_stall_i),
    .enable_o             (enable),
    .abort_o              (abort),
    .soft_reset_o         (soft_reset),
    .ring_base_o          (ring_base),
    .ring_log2_o          (ring_log2),
    .ring_tail_o          (ring_tail),
    .tail_we_o            (tail_we),
    .tail_wdata_o         (tail_wdata),
    .cmpl_base_o          (cmpl_base),
    .test_stall_o         (test_stall),
    .irq_o
  );

  // ---------------------------------------------------------------- cmd
  logic                    owner_eng, stall;
  logic                    cmd_stop_rd, cmd_stop_wr, dma_flush;
  logic [PaBits-13:0]      pt_root;
  logic                    dma_err_valid;
  logic [15:0]             dma_err_status, dma_err_detail;
  logic [63:0]             dma_err_addr;
  logic                    dma_wr_busy;

  logic                    cmd_rd_req_valid, cmd_rd_req_ready;
  mxa_shell_pkg::mem_req_t cmd_rd_req;
  logic                    cmd_rd_valid, cmd_rd_ready;
  logic                    cmd_wr_req_valid, cmd_wr_req_ready;
  mxa_shell_pkg::mem_req_t cmd_wr_req;
  logic                    cmd_wr_valid, cmd_wr_ready, cmd_wr_done;
  logic [DataBits-1:0]     cmd_wr_data;

  mxa_cmd #(
    .DataBits (DataBits),
    .PaBits   (PaBits)
  ) u_cmd (
    .clk_i,
    .rst_ni              (rst_core_n),
    .enable_i            (enable),
    .abort_i             (abort),
    .test_stall_i        (test_stall),
    .ring_base_i         (ring_base),
    .ring_log2_i         (ring_log2),
    .ring_tail_i         (ring_tail),
    .tail_we_i           (tail_we),
    .tail_wdata_i        (tail_wdata),
    .cmpl_base_i         (cmpl_base),
    .cap_formats_i       (eng_caps_i.formats),
    .cap_formats_so_i    (eng_caps_i.formats_so),
    .cap_modes_i         (eng_caps_i.modes),
    .cap_block_i         (eng_caps_i.block),
    .cap_trunc_i         (eng_caps_i.trunc[15:0]),
    .cap_max_m_i         (eng_caps_i.max_m),
    .cap_max_n_i         (eng_caps_i.max_n),
    .cap_max_k_i         (eng_caps_i.max_k),
    .idle_o              (st_idle),
    .busy_o              (st_busy),
    .halted_o            (st_halted),
    .halt_code_o         (halt_code),
    .halt_addr_o         (halt_addr),
    .ring_head_o         (ring_head),
    .ev_job_done_o       (ev_job_done),
    .ev_job_error_o      (ev_job_error),
    .ev_halt_o           (ev_halt),
    .job_retired_o       (job_retired),
    .job_macs_o          (job_macs),
    .owner_eng_o         (owner_eng),
    .dma_stop_rd_o       (cmd_stop_rd),
    .dma_stop_wr_o       (cmd_stop_wr),
    .dma_flush_o         (dma_flush),
    .pt_root_o           (pt_root),
    .dma_err_valid_i     (dma_err_valid),
    .dma_err_status_i    (dma_err_status),
    .dma_err_detail_i    (dma_err_detail),
    .dma_err_addr_i      (dma_err_addr),
    .dma_wr_busy_i       (dma_wr_busy),
    .dma_idle_i          (dma_idle),
    .cnt_rd_beat_i       (cnt_rd_beat),
    .cnt_wr_bytes_i      (cnt_wr_bytes),
    .rd_req_valid_o      (cmd_rd_req_valid),
    .rd_req_ready_i      (cmd_rd_req_ready),
    .rd_req_o            (cmd_rd_req),
    .rd_valid_i          (cmd_rd_valid),
    .rd_ready_o          (cmd_rd_ready),
    .rd_data_i           (eng_rd_data_o),
    .rd_last_i           (eng_rd_last_o),
    .wr_req_valid_o      (cmd_wr_req_valid),
    .wr_req_ready_i      (cmd_wr_req_ready),
    .wr_req_o            (cmd_wr_req),
    .wr_valid_o          (cmd_wr_valid),
    .wr_ready_i          (cmd_wr_ready),
    .wr_data_o           (cmd_wr_data),
    .wr_done_i           (cmd_wr_done),
    .eng_flush_o,
    .eng_job_valid_o,
    .eng_job_ready_i,
    .eng_job_o,
    .eng_done_valid_i,
    .eng_done_ready_o,
    .eng_done_i,
    .eng_macs_i,
    .eng_dma_stall_i,
    .eng_compute_stall_i
  );

  // ---------------------------------------------------------------- DMA
  // The engine reaches the DMA only while it owns a job, and not at all
  // while TEST.STALL holds it.
  logic                    rd_req_valid, rd_req_ready, rd_valid, rd_ready;
  logic                    wr_req_valid, wr_req_ready, wr_valid, wr_ready;
  logic                    wr_done;
  mxa_shell_pkg::mem_req_t rd_req, wr_req;
  logic [DataBits-1:0]     wr_data;
  logic [DataBytes-1:0]    wr_strb;

  assign stall = test_stall;

  assign rd_req_valid       = owner_eng ? eng_rd_req_valid_i & ~stall
                                        : cmd_rd_req_valid;
  assign rd_req             = owner_eng ? eng_rd_req_i : cmd_rd_req;
  assign eng_rd_req_ready_o = owner_eng & ~stall & rd_req_ready;
  assign cmd_rd_req_ready   = ~owner_eng & rd_req_ready;
  assign eng_rd_valid_o     = owner_eng & ~stall & rd_valid;
  assign cmd_rd_valid       = ~owner_eng & rd_valid;
  assign rd_ready           = owner_eng ? eng_rd_ready_i & ~stall
                                        : cmd_rd_ready;

  assign wr_req_valid       = owner_eng ? eng_wr_req_valid_i & ~stall
                                        : cmd_wr_req_valid;
  assign wr_req             = owner_eng ? eng_wr_req_i : cmd_wr_req;
  assign eng_wr_req_ready_o = owner_eng & ~stall & wr_req_ready;
  assign cmd_wr_req_ready   = ~owner_eng & wr_req_ready;
  assign wr_valid           = owner_eng ? eng_wr_valid_i & ~stall
                                        : cmd_wr_valid;
  assign wr_data            = owner_eng ? eng_wr_data_i : cmd_wr_data;
  assign wr_strb            = owner_eng ? eng_wr_strb_i : '1;
  assign eng_wr_ready_o     = owner_eng & ~stall & wr_ready;
  assign cmd_wr_ready       = ~owner_eng & wr_ready;
  assign eng_wr_done_o      = owner_eng & wr_done;
  assign cmd_wr_done        = ~owner_eng & wr_done;

  mxa_dma #(
    .DataBits    (DataBits),
    .PaBits      (PaBits),
    .RdFifoBeats (RdFifoBeats),
    .RdReqDepth  (RdReqDepth),
    .WrFifoBeats (WrFifoBeats),
    .WrReqDepth  (WrReqDepth),
    .BurstDepth  (BurstDepth),
    .TlbEntries  (TlbEntries)
  ) u_dma (
    .clk_i,
    .rst_ni          (rst_core_n),
    .stop_rd_i       (cmd_stop_rd | soft_reset),
    .stop_wr_i       (cmd_stop_wr | soft_reset),
    .flush_i         (dma_flush),
    .pt_root_i       (pt_root),
    .rd_req_valid_i  (rd_req_valid),
    .rd_req_ready_o  (rd_req_ready),
    .rd_req_i        (rd_req),
    .rd_req_phys_i   (~owner_eng),
    .rd_valid_o      (rd_valid),
    .rd_ready_i      (rd_ready),
    .rd_data_o       (eng_rd_data_o),
    .rd_last_o       (eng_rd_last_o),
    .wr_req_valid_i  (wr_req_valid),
    .wr_req_ready_o  (wr_req_ready),
    .wr_req_i        (wr_req),
    .wr_req_phys_i   (~owner_eng),
    .wr_valid_i      (wr_valid),
    .wr_ready_o      (wr_ready),
    .wr_data_i       (wr_data),
    .wr_strb_i       (wr_strb),
    .wr_done_o       (wr_done),
    .err_valid_o     (dma_err_valid),
    .err_status_o    (dma_err_status),
    .err_detail_o    (dma_err_detail),
    .err_addr_o      (dma_err_addr),
    .wr_busy_o       (dma_wr_busy),
    .idle_o          (dma_idle),
    .cnt_rd_beat_o   (cnt_rd_beat),
    .cnt_wr_bytes_o  (cnt_wr_bytes),
    .m_axi_arid_o,
    .m_axi_araddr_o,
    .m_axi_arlen_o,
    .m_axi_arsize_o,
    .m_axi_arburst_o,
    .m_axi_arvalid_o,
    .m_axi_arready_i,
    .m_axi_rid_i,
    .m_axi_rdata_i,
    .m_axi_rresp_i,
    .m_axi_rlast_i,
    .m_axi_rvalid_i,
    .m_axi_rready_o,
    .m_axi_awaddr_o,
    .m_axi_awlen_o,
    .m_axi_awsize_o,
    .m_axi_awburst_o,
    .m_axi_awvalid_o,
    .m_axi_awready_i,
    .m_axi_wdata_o,
    .m_axi_wstrb_o,
    .m_axi_wlast_o,
    .m_axi_wvalid_o,
    .m_axi_wready_i,
    .m_axi_bresp_i,
    .m_axi_bvalid_i,
    .m_axi_bready_o
  );

endmodule
